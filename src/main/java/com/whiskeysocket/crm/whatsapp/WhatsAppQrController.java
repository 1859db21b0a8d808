package com.whiskeysocket.crm.whatsapp;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /whatsapp/qr.png}: the signed-in staff member's own current QR as an image
 * (404 when there is none, or it is stale), never cached.
 */
@RestController
class WhatsAppQrController {

	private final WhatsAppLinkService links;

	WhatsAppQrController(WhatsAppLinkService links) {
		this.links = links;
	}

	@GetMapping("/whatsapp/qr.png")
	ResponseEntity<byte[]> qr(@AuthenticationPrincipal StaffPrincipal staff) {
		return links.currentQr(staff.id())
			.map((qr) -> ResponseEntity.ok()
				.contentType(MediaType.IMAGE_PNG)
				.cacheControl(CacheControl.noStore())
				.body(QrCodes.png(qr)))
			.orElseGet(() -> ResponseEntity.notFound().cacheControl(CacheControl.noStore()).build());
	}

}
