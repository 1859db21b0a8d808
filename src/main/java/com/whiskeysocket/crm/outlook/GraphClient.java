package com.whiskeysocket.crm.outlook;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** The one class that knows Microsoft Graph's URLs and JSON. */
@Component
class GraphClient {

	private static final Logger log = LoggerFactory.getLogger(GraphClient.class);

	private final OutlookProperties properties;

	private final RestClient rest;

	GraphClient(OutlookProperties properties, RestClient.Builder builder) {
		this.properties = properties;
		this.rest = builder.clone().requestFactory(OutlookClientConfiguration.requestFactory()).build();
	}

	/**
	 * The signed-in Microsoft account's name, when the token may read it
	 * ({@code User.Read}).
	 * @param token a fresh access token
	 * @return the user principal name or mail address
	 */
	Optional<String> accountName(OAuth2AccessToken token) {
		if (token.getScopes().stream().noneMatch((scope) -> scope.toLowerCase().endsWith("user.read"))) {
			return Optional.empty();
		}
		try {
			Me me = rest.get()
				.uri(properties.graphBase() + "/v1.0/me?$select=userPrincipalName,mail")
				.headers((headers) -> headers.setBearerAuth(token.getTokenValue()))
				.retrieve()
				.body(Me.class);
			return Optional.ofNullable(me).map(Me::name);
		}
		catch (RestClientException ex) {
			log.info("Could not read the Outlook account name ({})", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	record Me(String userPrincipalName, String mail) {

		String name() {
			return (mail != null && !mail.isBlank()) ? mail : userPrincipalName;
		}

	}

}
