package com.whiskeysocket.crm.outlook;

import java.time.Duration;
import java.util.Optional;

import javax.crypto.SecretKey;

import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's OAuth2 client, set up for Microsoft: the {@code microsoft}
 * registration from {@link OutlookProperties}, PKCE, token calls with timeouts, and the
 * per-staff {@link OutlookTokenStore} behind a manager that also works outside a web
 * request.
 */
@Configuration(proxyBeanMethods = false)
class OutlookClientConfiguration {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Refresh this long before the access token expires, so a sync never starts on a
	 * dying token.
	 */
	static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

	@Bean
	OutlookSettings outlookSettings(OutlookProperties properties,
			@Value("${spring.datasource.url:}") String datasourceUrl) {
		Optional<SecretKey> key = properties.hasClient()
				? EncryptionKeys.resolve(properties.encryptionKey(), datasourceUrl) : Optional.empty();
		return new OutlookSettings(properties, key);
	}

	@Bean
	ClientRegistrationRepository clientRegistrationRepository(OutlookSettings settings) {
		if (!settings.configured()) {
			return (registrationId) -> null;
		}
		OutlookProperties properties = settings.properties();
		ClientRegistration microsoft = ClientRegistration.withRegistrationId(OutlookProperties.REGISTRATION_ID)
			.clientName("Microsoft")
			.clientId(properties.clientId())
			.clientSecret(properties.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(properties.redirectUri())
			.scope(properties.requestedScopes())
			.authorizationUri(properties.authorizationUri())
			.tokenUri(properties.tokenUri())
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
		return (registrationId) -> OutlookProperties.REGISTRATION_ID.equals(registrationId) ? microsoft : null;
	}

	@Bean
	OutlookTokenStore outlookTokenStore(OutlookTokenRepository tokens, ClientRegistrationRepository registrations,
			StaffDirectory staff, OutlookSettings settings, PlatformTransactionManager transactionManager) {
		// without a key nothing is ever stored; a key that decrypts nothing makes every
		// row "reconnect needed"
		SecretKey key = settings.key().orElseGet(() -> EncryptionKeys.parse("AAAAAAAAAAAAAAAAAAAAAA=="));
		return new OutlookTokenStore(tokens, registrations, staff, key, transactionManager);
	}

	@Bean
	AuthorizedClientServiceOAuth2AuthorizedClientManager outlookAuthorizedClientManager(
			ClientRegistrationRepository registrations, OutlookTokenStore store) {
		RestClientRefreshTokenTokenResponseClient refreshClient = new RestClientRefreshTokenTokenResponseClient();
		refreshClient.setRestClient(tokenEndpointClient());
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.refreshToken((refresh) -> refresh.accessTokenResponseClient(refreshClient).clockSkew(REFRESH_AHEAD))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, store);
		manager.setAuthorizedClientProvider(provider);
		manager.setAuthorizationFailureHandler(new ReconnectOnDeadGrant(store));
		return manager;
	}

	@Bean
	GraphClient graphClient(OutlookProperties properties, OutlookSyncProperties sync, RestClient.Builder builder,
			OutlookConnections connections, OutlookTokenStore store) {
		return new GraphClient(properties, sync, builder, connections::authorize, store);
	}

	@Bean
	Customizer<HttpSecurity> outlookOAuth2Client(ClientRegistrationRepository registrations, OutlookTokenStore store,
			OutlookSettings settings, GraphClient graph, JsonMapper json, OutlookDeltaLinks deltaLinks) {
		RestClientAuthorizationCodeTokenResponseClient codeClient = new RestClientAuthorizationCodeTokenResponseClient();
		codeClient.setRestClient(tokenEndpointClient());
		return (http) -> http.oauth2Client((client) -> client
			.authorizedClientRepository(new OutlookWebClientRepository(store, graph, json, deltaLinks))
			.authorizationCodeGrant((grant) -> grant
				.authorizationRequestResolver(new MicrosoftAuthorizationRequestResolver(registrations, settings))
				.accessTokenResponseClient(new IdTokenCapturingTokenResponseClient(codeClient))));
	}

	/** The token endpoint, with timeouts: a slow Microsoft must never hang a request. */
	static RestClient tokenEndpointClient() {
		return RestClient.builder().requestFactory(requestFactory()).configureMessageConverters((converters) -> {
			converters.addCustomConverter(new FormHttpMessageConverter());
			converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
		}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build();
	}

	static ClientHttpRequestFactory requestFactory() {
		return ClientHttpRequestFactoryBuilder.jdk()
			.build(HttpClientSettings.defaults().withConnectTimeout(CONNECT_TIMEOUT).withReadTimeout(READ_TIMEOUT));
	}

}
