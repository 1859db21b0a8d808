package com.whiskeysocket.crm.outlook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves docs/outlook-setup.md (packaged into the jar) for the "not configured" link. */
@Controller
class SetupGuideController {

	@GetMapping("/help/outlook-setup")
	ResponseEntity<String> setupGuide() throws IOException {
		ClassPathResource guide = new ClassPathResource("help/outlook-setup.md");
		if (!guide.exists()) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
			.body(guide.getContentAsString(StandardCharsets.UTF_8));
	}

}
