package com.whiskeysocket.crm.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link ProxyAndTls} ahead of every other filter (the request context, the
 * security chain and the audit trail must all see the client's address), and marks the
 * session cookie {@code Secure} when {@code BASE_URL} is https.
 */
@Configuration(proxyBeanMethods = false)
class ProxyAndTlsConfiguration {

	@Bean
	FilterRegistrationBean<ProxyAndTls> proxyAndTls(PublicAddress publicAddress) {
		FilterRegistrationBean<ProxyAndTls> registration = new FilterRegistrationBean<>(new ProxyAndTls(publicAddress));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	ServletContextInitializer secureSessionCookie(PublicAddress publicAddress) {
		return (servletContext) -> {
			if (publicAddress.https()) {
				servletContext.getSessionCookieConfig().setSecure(true);
			}
		};
	}

}
