package com.whiskeysocket.crm.connections;

import java.time.Duration;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The timeouts every call to a provider uses (token endpoints and APIs alike): a slow
 * provider must never hang a request or a sync.
 */
public final class ConnectionHttp {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private ConnectionHttp() {
	}

	/**
	 * A request factory with a 5 s connect and a 30 s read timeout.
	 * @return a new factory
	 */
	public static ClientHttpRequestFactory requestFactory() {
		return ClientHttpRequestFactoryBuilder.jdk()
			.build(HttpClientSettings.defaults().withConnectTimeout(CONNECT_TIMEOUT).withReadTimeout(READ_TIMEOUT));
	}

}
