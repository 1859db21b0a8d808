package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run that has been started in the background.
 *
 * @param runId its id, for {@code GET /api/sync/runs/{id}}
 * @param outcome completes when it ends: with the result, or with what the provider threw
 */
public record StartedRun(long runId, CompletableFuture<SyncResult> outcome) {

	/**
	 * Waits a while for the run to end.
	 * @param wait how long at most
	 * @return the result if it succeeded in time, empty if it is still running
	 * @throws RuntimeException what the provider threw, if it failed in time
	 */
	public Optional<SyncResult> await(Duration wait) {
		try {
			return Optional.of(outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

}
