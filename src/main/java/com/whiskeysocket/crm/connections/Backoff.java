package com.whiskeysocket.crm.connections;

import java.time.Duration;

import org.springframework.http.HttpHeaders;

/**
 * How long a provider's client waits before trying again after throttling, a 5xx or a
 * timeout: the provider's {@code Retry-After} (in seconds) when it sends one, else a
 * doubling backoff, capped.
 */
public final class Backoff {

	private Backoff() {
	}

	/**
	 * The wait before the next try.
	 * @param attempt the try that just failed, from 1
	 * @param headers the failed response's headers, may be {@code null}
	 * @param first the first wait without Retry-After
	 * @param max the longest wait
	 * @return the wait, or {@code null} when the provider asks for longer than
	 * {@code max} (the caller gives up)
	 */
	public static Duration before(int attempt, HttpHeaders headers, Duration first, Duration max) {
		String retryAfter = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
		if (retryAfter != null) {
			try {
				Duration wait = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
				return (wait.compareTo(max) > 0) ? null : wait;
			}
			catch (NumberFormatException ex) {
				// an HTTP date instead of seconds: fall back to our own backoff
			}
		}
		return doubling(attempt, first, max);
	}

	/**
	 * A doubling wait: {@code first}, twice that, four times…, never above {@code max}.
	 * @param attempt the try that just failed, from 1
	 * @param first the first wait
	 * @param max the longest wait
	 * @return the wait
	 */
	public static Duration doubling(int attempt, Duration first, Duration max) {
		Duration wait = first.multipliedBy(1L << Math.min(attempt - 1, 16));
		return (wait.compareTo(max) > 0) ? max : wait;
	}

}
