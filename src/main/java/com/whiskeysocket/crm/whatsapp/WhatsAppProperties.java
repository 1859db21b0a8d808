package com.whiskeysocket.crm.whatsapp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * The WhatsApp gateway and its webhooks, from the {@code WA_*} variables.
 *
 * @param gatewayUrl {@code WA_GATEWAY_URL}; blank means WhatsApp is not configured
 * @param gatewayToken {@code WA_GATEWAY_TOKEN}, the bearer secret of the gateway's
 * control API
 * @param webhookSecret {@code WA_WEBHOOK_SECRET}, the Standard Webhooks signing secret
 * ({@code whsec_<base64>} or any other text, as the gateway reads it)
 * @param webhookTolerance how far a webhook's timestamp may be from now
 * @param maxWebhookSize the largest webhook body accepted
 * @param webhookIdRetention how long handled webhook ids are remembered
 * @param resyncTimeout how long "Sync WhatsApp" waits for the last batch of a resync
 * @param qrLifetime how long a QR payload is shown after it arrived
 * @param gatewayTimeout connect and read timeout of calls to the gateway
 * @param maxConcurrentWebhooks how many webhook bodies are read at once (each up to
 * {@code maxWebhookSize}); more are answered 503 with {@code Retry-After}, which the
 * gateway retries
 */
@ConfigurationProperties("crm.whatsapp")
record WhatsAppProperties(String gatewayUrl, String gatewayToken, String webhookSecret,
		@DefaultValue("5m") Duration webhookTolerance, @DefaultValue("5MB") DataSize maxWebhookSize,
		@DefaultValue("1d") Duration webhookIdRetention, @DefaultValue("10m") Duration resyncTimeout,
		@DefaultValue("60s") Duration qrLifetime, @DefaultValue("10s") Duration gatewayTimeout,
		@DefaultValue("8") int maxConcurrentWebhooks) {

	boolean configured() {
		return StringUtils.hasText(gatewayUrl);
	}

	String gatewayBase() {
		return gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
	}

	@Override
	public String toString() {
		return "WhatsAppProperties[gatewayUrl=" + gatewayUrl + ", resyncTimeout=" + resyncTimeout + "]";
	}

}
