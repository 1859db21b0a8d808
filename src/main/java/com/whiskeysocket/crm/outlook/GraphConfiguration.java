package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.connections.Connections;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The Graph client, sending each staff member's token from their connection. */
@Configuration(proxyBeanMethods = false)
class GraphConfiguration {

	@Bean
	GraphClient graphClient(OutlookProperties properties, OutlookSyncProperties sync, RestClient.Builder builder,
			Connections connections) {
		return new GraphClient(properties, sync, builder, connections.bearerTokens());
	}

}
