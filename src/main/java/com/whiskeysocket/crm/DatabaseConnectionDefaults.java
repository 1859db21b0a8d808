package com.whiskeysocket.crm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connection settings that matter for our schema and our batch writes, added to whatever
 * {@code DB_URL} an admin gives unless the URL already sets them. H2 rejects unknown
 * settings, so each driver gets only its own.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConnectionDefaults {

	static final Map<String, String> MYSQL = orderedMap("characterEncoding", "UTF-8", "connectionCollation",
			"utf8mb4_unicode_ci", "useAffectedRows", "true", "rewriteBatchedStatements", "true", "cachePrepStmts",
			"true", "useServerPrepStmts", "false", "connectionTimeZone", "UTC", "forceConnectionTimeZoneToSession",
			"true");

	static final Map<String, String> MARIADB = orderedMap("useAffectedRows", "true", "rewriteBatchedStatements", "true",
			"connectionTimeZone", "UTC", "forceConnectionTimeZoneToSession", "true");

	@Bean
	static BeanPostProcessor databaseConnectionDefaultsPostProcessor() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
					defaultsFor(dataSource.getJdbcUrl()).forEach((key, value) -> {
						if (!dataSource.getJdbcUrl()
							.toLowerCase(Locale.ROOT)
							.contains(key.toLowerCase(Locale.ROOT) + "=")) {
							dataSource.addDataSourceProperty(key, value);
						}
					});
				}
				return bean;
			}
		};
	}

	static Map<String, String> defaultsFor(String jdbcUrl) {
		if (jdbcUrl.startsWith("jdbc:mysql:")) {
			return MYSQL;
		}
		if (jdbcUrl.startsWith("jdbc:mariadb:")) {
			return MARIADB;
		}
		return Map.of();
	}

	private static Map<String, String> orderedMap(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return Map.copyOf(map);
	}

}
