package com.whiskeysocket.crm.connections;

import java.time.Duration;
import java.util.Optional;

import javax.crypto.SecretKey;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.client.RestClient;

/**
 * Spring Security's OAuth2 client, set up once for every provider: the registrations the
 * providers contribute, PKCE, token calls with timeouts, and the per-staff
 * {@link TokenStore} behind a manager that also works outside a web request.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionsConfiguration {

	/**
	 * Refresh this long before the access token expires, so a sync never starts on a
	 * dying token.
	 */
	static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

	@Bean
	TokenKeys connectionTokenKeys(ObjectProvider<ConnectionProvider> providers, ConnectionsProperties properties,
			@Value("${spring.datasource.url:}") String datasourceUrl) {
		// only worth a word in the log when some provider is set up
		boolean anyConfigured = providers.orderedStream().anyMatch((provider) -> provider.registration().isPresent());
		Optional<SecretKey> key = anyConfigured ? EncryptionKeys.resolve(properties.encryptionKey(), datasourceUrl)
				: Optional.empty();
		return new TokenKeys(key, EncryptionKeys.previous(properties.previousEncryptionKeys()));
	}

	@Bean
	ConnectionProviders connectionProviders(ObjectProvider<ConnectionProvider> providers, TokenKeys keys) {
		return new ConnectionProviders(providers, keys.current().isPresent());
	}

	@Bean
	TokenStore connectionTokenStore(ConnectionTokenRepository tokens, ConnectionProviders providers,
			StaffDirectory staff, TokenKeys keys, PlatformTransactionManager transactionManager, AuditLog audit) {
		// without a key nothing is ever stored; a key that decrypts nothing makes every
		// row "reconnect needed"
		SecretKey key = keys.current().orElseGet(() -> EncryptionKeys.parse("AAAAAAAAAAAAAAAAAAAAAA=="));
		return new TokenStore(tokens, providers, staff, new TokenCipher(key, keys.previous()), transactionManager,
				audit);
	}

	@Bean
	AuthorizedClientServiceOAuth2AuthorizedClientManager connectionsAuthorizedClientManager(
			ConnectionProviders providers, TokenStore store, AuditLog audit) {
		RestClientRefreshTokenTokenResponseClient refreshClient = new RestClientRefreshTokenTokenResponseClient();
		refreshClient.setRestClient(tokenEndpointClient());
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.refreshToken((refresh) -> refresh.accessTokenResponseClient(refreshClient).clockSkew(REFRESH_AHEAD))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				providers, store);
		manager.setAuthorizedClientProvider(provider);
		manager.setAuthorizationFailureHandler(new ReconnectOnDeadGrant(store, audit));
		return manager;
	}

	@Bean
	Connections connections(ConnectionProviders providers, TokenStore store,
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager, TokenKeys keys, AuditLog audit) {
		return new Connections(providers, store, manager, keys.current().isPresent(), audit);
	}

	@Bean
	Customizer<HttpSecurity> connectionsOAuth2Client(ConnectionProviders providers, TokenStore store, AuditLog audit) {
		RestClientAuthorizationCodeTokenResponseClient codeClient = new RestClientAuthorizationCodeTokenResponseClient();
		codeClient.setRestClient(tokenEndpointClient());
		return (http) -> http
			.oauth2Client((client) -> client.clientRegistrationRepository(providers)
				.authorizedClientRepository(new ConnectionWebClientRepository(store, providers, audit))
				.authorizationCodeGrant((grant) -> grant
					.authorizationRequestResolver(new ConnectAuthorizationRequestResolver(providers))
					.accessTokenResponseClient(new TokenResponseCapturingClient(codeClient))));
	}

	/** The token endpoint, with timeouts: a slow provider must never hang a request. */
	static RestClient tokenEndpointClient() {
		return RestClient.builder()
			.requestFactory(ConnectionHttp.requestFactory())
			.configureMessageConverters((converters) -> {
				converters.addCustomConverter(new FormHttpMessageConverter());
				converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
			})
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build();
	}

}
