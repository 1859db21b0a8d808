package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Serves the administrators' setup guides from docs/ (packaged into the jar) for the "not
 * configured" links: {@code /help/outlook-setup}, {@code /help/google-setup}.
 */
@Controller
class SetupGuideController {

	private static final Set<String> GUIDES = Set.of("outlook-setup", "google-setup");

	@GetMapping("/help/{guide}")
	ResponseEntity<String> setupGuide(@PathVariable String guide) throws IOException {
		ClassPathResource file = new ClassPathResource("help/" + guide + ".md");
		if (!GUIDES.contains(guide) || !file.exists()) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
			.body(file.getContentAsString(StandardCharsets.UTF_8));
	}

}
