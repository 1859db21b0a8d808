package com.whiskeysocket.crm.google;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back's budget of Google's per-user quotas, on a fake clock: a call waits
 * exactly until its units fit in the sliding minute, never longer, never less.
 */
class PeopleQuotaTests {

	private final FakeClock clock = new FakeClock();

	private final List<Duration> waits = new ArrayList<>();

	private final PeopleQuota quota = new PeopleQuota(clock, (wait) -> {
		waits.add(wait);
		clock.advance(wait);
	}, 90, 90, Duration.ofMinutes(1));

	@Test
	void fifteenBatchWritesGoAtOnceAndTheSixteenthWaitsForTheFirstToLeaveTheMinute() throws Exception {
		for (int i = 0; i < 15; i++) {
			quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
			clock.advance(Duration.ofMillis(400));
		}
		assertThat(waits).isEmpty();
		// the first answer came at 0 ms, the clock is at 6,000 ms
		quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		assertThat(waits).containsExactly(Duration.ofMillis(54_000));
		assertThat(clock.millis()).isEqualTo(60_000);
		// the next one waits for the second, answered 400 ms after the first
		quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		assertThat(clock.millis()).isEqualTo(60_400);
	}

	@Test
	void readsAndWritesAreBudgetedApart() throws Exception {
		for (int i = 0; i < 90; i++) {
			quota.take("rina", PeopleQuota.Cost.READ).answered();
		}
		// no critical write was spent, but a batch write also costs 6 reads
		quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		assertThat(waits).containsExactly(Duration.ofMinutes(1));
	}

	@Test
	void eachUserHasTheirOwnMinute() throws Exception {
		for (int i = 0; i < 15; i++) {
			quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		}
		quota.take("budi", PeopleQuota.Cost.BATCH_WRITE).answered();
		assertThat(waits).isEmpty();
	}

	@Test
	void aCallRefusedWith429GivesItsUnitsBack() throws Exception {
		for (int i = 0; i < 14; i++) {
			quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		}
		quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).refund();
		quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		assertThat(waits).isEmpty();
	}

	@Test
	void unitsLeaveTheMinuteCountedFromTheAnswerNotFromTheSending() throws Exception {
		PeopleQuota.Spend slow = quota.take("rina", PeopleQuota.Cost.BATCH_WRITE);
		clock.advance(Duration.ofSeconds(3));
		slow.answered();
		for (int i = 0; i < 14; i++) {
			quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		}
		quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		// Google counted the slow call somewhere within those 3 s: it leaves at 63 s
		assertThat(clock.millis()).isEqualTo(63_000);
	}

	@Test
	void theReadSyncIsCountedWithoutWaiting() throws Exception {
		for (int i = 0; i < 100; i++) {
			quota.count("rina", PeopleQuota.Cost.READ).answered();
		}
		assertThat(waits).isEmpty();
		quota.take("rina", PeopleQuota.Cost.READ).answered();
		assertThat(waits).containsExactly(Duration.ofMinutes(1));
	}

	@Test
	void deletesAndGroupWritesCostNothing() throws Exception {
		for (int i = 0; i < 15; i++) {
			quota.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		}
		quota.take("rina", PeopleQuota.Cost.NONE).answered();
		assertThat(waits).isEmpty();
	}

	@Test
	void aZeroBudgetNeverWaits() throws Exception {
		PeopleQuota none = new PeopleQuota(clock, (wait) -> waits.add(wait), 0, 0, Duration.ofMinutes(1));
		for (int i = 0; i < 100; i++) {
			none.take("rina", PeopleQuota.Cost.BATCH_WRITE).answered();
		}
		assertThat(waits).isEmpty();
	}

	static final class FakeClock extends Clock {

		private long millis;

		synchronized void advance(Duration by) {
			millis += by.toMillis();
		}

		@Override
		public synchronized long millis() {
			return millis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
