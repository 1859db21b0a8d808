package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule's arithmetic and its behaviour when the database is away. */
@ExtendWith(OutputCaptureExtension.class)
class SyncSchedulerTests {

	private final SyncProperties properties = new SyncProperties(Duration.ofMinutes(15), Duration.ofMinutes(2), 4,
			Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(6), "test-node");

	@Test
	void failedAccountsWaitLongerEachTimeUpToSixHours() {
		assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20).stream().map(properties::backoff).toList()).containsExactly(
				Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
				Duration.ofHours(4), Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6));
	}

	@Test
	void theJitterIsATenthOfTheIntervalAtMostTwoMinutes() {
		assertThat(properties.maxJitter()).isEqualTo(Duration.ofMinutes(1).plusSeconds(30));
		assertThat(new SyncProperties(Duration.ofHours(1), Duration.ofMinutes(2), 4, Duration.ofSeconds(30),
				Duration.ofMinutes(15), Duration.ofHours(6), "n")
			.maxJitter()).isEqualTo(Duration.ofMinutes(2));
		assertThat(new SyncProperties(Duration.ZERO, Duration.ofMinutes(2), 4, Duration.ofSeconds(30),
				Duration.ofMinutes(15), Duration.ofHours(6), "n")
			.automatic()).isFalse();
	}

	@Test
	void aTickWhileTheDatabaseIsUnreachableLogsOneLineAndStartsNothing(CapturedOutput output) {
		SyncLeases unreachable = new SyncLeases(null, null, properties, null) {

			@Override
			int interruptExpired() {
				throw new CannotGetJdbcConnectionException("Connection refused (fake)");
			}

		};
		GatedSource source = new GatedSource();
		SyncScheduler scheduler = new SyncScheduler(List.of(source), null, unreachable, null,
				new SyncJobs(unreachable, properties, new SyncRunJournal(null, null), null), properties);

		assertThat(scheduler.tick()).isZero();
		assertThat(scheduler.tick()).isZero();

		assertThat(
				output.getAll().lines().filter((line) -> line.contains("Sync scheduler: the database is unreachable")))
			.hasSize(2);
		assertThat(output.getAll()).doesNotContain("\tat ");
		assertThat(source.runs.get()).isZero();
	}

}
