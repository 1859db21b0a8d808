package com.whiskeysocket.crm.connections;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A staff member's connections to every provider, read at once
 * ({@link Connections#overview(long)}).
 */
public final class ConnectionOverview {

	private final Map<String, ConnectionStatus> statuses;

	private final Set<String> writable;

	private final Predicate<String> configured;

	ConnectionOverview(Map<String, ConnectionStatus> statuses, Set<String> writable, Predicate<String> configured) {
		this.statuses = Map.copyOf(statuses);
		this.writable = Set.copyOf(writable);
		this.configured = configured;
	}

	/**
	 * The state of one connection, as {@link Connections#status(long, String)} says it.
	 * @param provider the registration id
	 * @return the state
	 */
	public ConnectionStatus status(String provider) {
		if (!configured.test(provider)) {
			return ConnectionStatus.notConfigured();
		}
		ConnectionStatus status = statuses.get(provider);
		return (status != null) ? status : new ConnectionStatus(true, false, null, false);
	}

	/**
	 * Whether the connection may write, as {@link Connections#canWrite(long, String)}
	 * says.
	 * @param provider the registration id
	 * @return whether writing is allowed
	 */
	public boolean canWrite(String provider) {
		return writable.contains(provider);
	}

}
