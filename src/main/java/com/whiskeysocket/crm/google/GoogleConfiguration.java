package com.whiskeysocket.crm.google;

import com.whiskeysocket.crm.connections.Connections;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The People API client, sending each staff member's token from their connection. */
@Configuration(proxyBeanMethods = false)
class GoogleConfiguration {

	@Bean
	PeopleClient peopleClient(GoogleProperties properties, RestClient.Builder builder, Connections connections) {
		return new PeopleClient(properties, builder, connections.bearerTokens(), PeopleQuota.of(properties));
	}

}
