package com.whiskeysocket.crm.imports;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link OversizedUploads} for {@code POST /imports} ahead of the security
 * chain (whose CSRF check would ask Tomcat for the too-large body's fields), after the
 * session filter (the message travels as a flash attribute in the session).
 */
@Configuration(proxyBeanMethods = false)
class OversizedUploadsConfiguration {

	/** Just before Spring Security's filter chain (order -100). */
	private static final int BEFORE_SECURITY = -101;

	@Bean
	FilterRegistrationBean<OversizedUploads> oversizedUploads(ImportsProperties properties,
			MultipartConfigElement multipart) {
		FilterRegistrationBean<OversizedUploads> registration = new FilterRegistrationBean<>(
				new OversizedUploads(properties, multipart));
		registration.addUrlPatterns("/imports");
		registration.setOrder(BEFORE_SECURITY);
		return registration;
	}

}
