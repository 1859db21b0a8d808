package com.whiskeysocket.crm;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * A separate management port ({@code MANAGEMENT_PORT}) serves metrics without a sign-in,
 * so it listens on {@code MANAGEMENT_ADDRESS}, loopback unless the operator names another
 * address. Spring Boot refuses a management address without a separate port, hence this
 * instead of a plain default in {@code application.properties}. Runs after the
 * configuration files and {@code .env} are read.
 */
class ManagementServerDefaults implements EnvironmentPostProcessor, Ordered {

	static final String DEFAULT_ADDRESS = "127.0.0.1";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String port = environment.getProperty("management.server.port");
		if (!StringUtils.hasText(port) || environment.containsProperty("management.server.address")) {
			return;
		}
		String address = environment.getProperty("MANAGEMENT_ADDRESS");
		environment.getPropertySources()
			.addLast(new MapPropertySource("managementServerDefaults", Map.of("management.server.address",
					StringUtils.hasText(address) ? address.strip() : DEFAULT_ADDRESS)));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
