package com.whiskeysocket.crm.web;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link DatabaseUnreachable} in front of every filter that may read the database,
 * the session filter ({@code SessionRepositoryFilter}, which reads the database) and the
 * security chain included.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseUnreachableConfiguration {

	@Bean
	FilterRegistrationBean<DatabaseUnreachable> databaseUnreachableFilter(MessageSource messages) {
		FilterRegistrationBean<DatabaseUnreachable> registration = new FilterRegistrationBean<>(
				new DatabaseUnreachable(messages));
		// right after ProxyAndTls, which reads no database
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
