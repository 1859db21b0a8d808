package com.whiskeysocket.crm.whatsapp;

import com.whiskeysocket.crm.security.PublicRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The gateway's webhooks reach {@link WhatsAppWebhookController} without a session and
 * without a CSRF token: their Standard Webhooks signature, checked there, is their only
 * credential.
 */
@Configuration(proxyBeanMethods = false)
class WhatsAppWebhookRoute {

	@Bean
	PublicRoute whatsAppWebhooks() {
		return new PublicRoute(HttpMethod.POST, "/api/whatsapp/events");
	}

}
