package com.whiskeysocket.crm.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Pages write their links as they are. Spring Boot registers a
 * {@link ResourceUrlEncodingFilter} whenever the resource chain is on, and
 * webjars-locator-lite turns it on (for the version-less {@code /webjars/…} paths). That
 * filter sends every link a template writes ({@code @{/contacts/42}} included) through
 * the static resource resolvers, which look each one up in every static location of the
 * jar. On a Contacts page of 50 rows that was 83 % of the request's CPU (JDK Flight
 * Recorder, docs/performance.md). It only serves versioned resource URLs, which this
 * application does not use, so a registration that is switched off takes its place.
 */
@Configuration(proxyBeanMethods = false)
class LinksAsWritten {

	@Bean
	FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
		FilterRegistrationBean<ResourceUrlEncodingFilter> registration = new FilterRegistrationBean<>(
				new ResourceUrlEncodingFilter());
		registration.setEnabled(false);
		return registration;
	}

}
