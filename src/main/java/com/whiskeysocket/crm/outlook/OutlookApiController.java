package com.whiskeysocket.crm.outlook;

import java.util.LinkedHashMap;
import java.util.Map;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Outlook JSON API. Every call acts on the calling staff member's own connection. */
@RestController
class OutlookApiController {

	private final OutlookConnections connections;

	OutlookApiController(OutlookConnections connections) {
		this.connections = connections;
	}

	@GetMapping("/api/outlook/sync-status")
	Map<String, Object> syncStatus(@AuthenticationPrincipal StaffPrincipal staff) {
		ConnectionStatus status = connections.status(staff.id());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("configured", status.configured());
		body.put("connected", status.connected());
		body.put("account", status.account());
		body.put("needsReconnect", status.needsReconnect());
		body.put("lastSync", null);
		return body;
	}

	@PostMapping("/api/outlook/disconnect")
	Map<String, Object> disconnect(@AuthenticationPrincipal StaffPrincipal staff) {
		connections.disconnect(staff.id());
		return Map.of("connected", false);
	}

}
