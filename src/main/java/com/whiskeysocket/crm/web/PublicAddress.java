package com.whiskeysocket.crm.web;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the application is reached and which proxies may say so.
 *
 * @param baseUrl {@code BASE_URL}: the public address; {@code https://…} turns on Secure
 * cookies and redirects plain-HTTP requests to it
 * @param trustedProxies {@code CRM_TRUSTED_PROXIES}: addresses or CIDR ranges whose
 * {@code X-Forwarded-*} headers are believed; by default loopback and the private ranges
 */
@ConfigurationProperties("crm")
record PublicAddress(URI baseUrl, @DefaultValue( {
		"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
		"fc00::/7" }) List<String> trustedProxies){

	boolean https() {
		return baseUrl != null && "https".equalsIgnoreCase(baseUrl.getScheme());
	}

	/** The base URL without a trailing slash. */
	String origin() {
		String url = baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
