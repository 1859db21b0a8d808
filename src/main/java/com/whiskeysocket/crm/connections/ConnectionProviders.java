package com.whiskeysocket.crm.connections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The providers that plugged in, looked up on first use (a provider's beans may depend on
 * this module's), and the registrations of those an administrator configured. Without a
 * token key none counts as configured: tokens are never stored unprotected.
 */
class ConnectionProviders implements ClientRegistrationRepository {

	private final ObjectProvider<ConnectionProvider> beans;

	private final boolean hasKey;

	private volatile Map<String, ConnectionProvider> byId;

	ConnectionProviders(ObjectProvider<ConnectionProvider> beans, boolean hasKey) {
		this.beans = beans;
		this.hasKey = hasKey;
	}

	Optional<ConnectionProvider> find(String registrationId) {
		return Optional.ofNullable(all().get(registrationId));
	}

	ConnectionProvider get(String registrationId) {
		return find(registrationId)
			.orElseThrow(() -> new IllegalArgumentException("No connection provider " + registrationId));
	}

	boolean configured(String registrationId) {
		return findByRegistrationId(registrationId) != null;
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		if (!hasKey) {
			return null;
		}
		return find(registrationId).flatMap(ConnectionProvider::registration).orElse(null);
	}

	private Map<String, ConnectionProvider> all() {
		Map<String, ConnectionProvider> providers = byId;
		if (providers == null) {
			providers = new LinkedHashMap<>();
			for (ConnectionProvider provider : beans.orderedStream().toList()) {
				providers.put(provider.registrationId(), provider);
			}
			byId = providers;
		}
		return providers;
	}

}
