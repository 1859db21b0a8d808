package com.whiskeysocket.crm.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Requests that arrive on the separate management port ({@code MANAGEMENT_PORT}), if one
 * is configured: the operator binds it where only monitoring reaches it, so the actuator
 * answers there without a sign-in. Without a management port nothing matches and metrics
 * are for admins only.
 */
@Component
class ManagementPort implements RequestMatcher, ApplicationListener<WebServerInitializedEvent> {

	private static final String MANAGEMENT_NAMESPACE = "management";

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (MANAGEMENT_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		int managementPort = this.port;
		return managementPort > 0 && request.getLocalPort() == managementPort;
	}

}
