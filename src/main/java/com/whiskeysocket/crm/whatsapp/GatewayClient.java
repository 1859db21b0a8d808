package com.whiskeysocket.crm.whatsapp;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The one class that knows the gateway's control API: {@code POST /sessions/{staffId}}
 * (link), {@code DELETE /sessions/{staffId}} (unlink) and {@code POST
 * /sessions/{staffId}/resync}, with {@code Authorization: Bearer
 * WA_GATEWAY_TOKEN}. What the gateway then does arrives as webhooks.
 */
@Component
class GatewayClient {

	private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

	private final WhatsAppProperties properties;

	private final RestClient http;

	GatewayClient(WhatsAppProperties properties, RestClient.Builder builder) {
		this.properties = properties;
		this.http = builder.clone()
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.build(HttpClientSettings.defaults()
					.withConnectTimeout(properties.gatewayTimeout())
					.withReadTimeout(properties.gatewayTimeout())))
			.build();
	}

	/**
	 * Starts linking (or re-reports the session): the QR or "linked" follows as a
	 * webhook.
	 */
	void link(long staffId) {
		call("POST", "/sessions/" + staffId, null);
	}

	/** Logs the device out of WhatsApp and deletes its state on the gateway. */
	void unlink(long staffId) {
		call("DELETE", "/sessions/" + staffId, null);
	}

	/**
	 * Asks for the whole contact store again, in batches whose last one says so.
	 * @param requestId echoed in every batch of this resync
	 * @throws WhatsAppException {@code NOT_LINKED} if the gateway has no linked session
	 */
	void resync(long staffId, String requestId) {
		call("POST", "/sessions/" + staffId + "/resync", Map.of("requestId", requestId));
	}

	private void call(String method, String path, Object body) {
		if (!properties.configured()) {
			throw new WhatsAppException(WhatsAppException.Reason.NOT_CONFIGURED);
		}
		try {
			RestClient.RequestBodySpec request = http.method(org.springframework.http.HttpMethod.valueOf(method))
				.uri(properties.gatewayBase() + path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + properties.gatewayToken())
				.accept(MediaType.APPLICATION_JSON);
			if (body != null) {
				request.contentType(MediaType.APPLICATION_JSON).body(body);
			}
			request.retrieve().toBodilessEntity();
		}
		catch (RestClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
				throw new WhatsAppException(WhatsAppException.Reason.NOT_LINKED, ex);
			}
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
				log.error(
						"The WhatsApp gateway refused the CRM's token: WA_GATEWAY_TOKEN must be the same on both sides");
			}
			else {
				log.warn("The WhatsApp gateway answered {} to {} {}", ex.getStatusCode().value(), method, path);
			}
			throw new WhatsAppException(WhatsAppException.Reason.GATEWAY_UNAVAILABLE, ex);
		}
		catch (RestClientException ex) {
			log.warn("The WhatsApp gateway at {} did not answer ({})", properties.gatewayBase(),
					ex.getClass().getSimpleName());
			throw new WhatsAppException(WhatsAppException.Reason.GATEWAY_UNAVAILABLE, ex);
		}
	}

}
