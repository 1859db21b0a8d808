package com.whiskeysocket.crm;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The connection pool sized for what the node does, unless {@code DB_POOL_SIZE} (or
 * {@code spring.datasource.hikari.maximum-pool-size}) sets it: a connection for each sync
 * thread ({@code crm.sync.threads}) and each write-back thread
 * ({@code crm.write-back.threads}), which hold one while they write a page, plus
 * {@code crm.database.request-connections} (10, what Hikari gives by default) for
 * requests and the node's short background work. Twenty staff syncing at once then never
 * wait behind each other or behind the pages, while a request still waits at most
 * {@code DB_POOL_WAIT_MS} for its connection.
 */
@Configuration(proxyBeanMethods = false)
class DatabasePoolSize {

	static final String HIKARI_MAXIMUM = "spring.datasource.hikari.maximum-pool-size";

	@Bean
	static BeanPostProcessor databasePoolSizePostProcessor(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				// after the binding of spring.datasource.hikari.*, before the pool starts
				if (bean instanceof HikariDataSource dataSource && !environment.containsProperty(HIKARI_MAXIMUM)) {
					dataSource.setMaximumPoolSize(size(environment));
				}
				return bean;
			}
		};
	}

	static int size(Environment environment) {
		int configured = environment.getProperty("crm.database.pool-size", Integer.class, 0);
		if (configured > 0) {
			return configured;
		}
		return environment.getProperty("crm.sync.threads", Integer.class, 4)
				+ environment.getProperty("crm.write-back.threads", Integer.class, 4)
				+ environment.getProperty("crm.database.request-connections", Integer.class, 10);
	}

}
