package com.whiskeysocket.crm.sync;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs asked for between schedules (change notifications): requests coalesce into one
 * run, and requests while it runs into one follow-up, on a real MariaDB/MySQL.
 */
@MySqlIntegrationTest
@TestPropertySource(properties = { "crm.sync.interval=15m", "crm.sync.tick=1h", "crm.sync.requests.poll=50ms" })
class SyncRequestsMySqlIntegrationTests {

	@TestConfiguration
	static class Source {

		@Bean
		GatedSource gatedSource() {
			return new GatedSource();
		}

	}

	@Autowired
	private SyncRequests requests;

	@Autowired
	private GatedSource source;

	@Autowired
	private JdbcTemplate jdbc;

	private long staffId;

	@BeforeEach
	void clean() {
		jdbc.update("DELETE FROM sync_accounts");
		jdbc.update("DELETE FROM sync_runs");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		source.failure = null;
		source.connected = List.of(staffId);
		source.runs.set(0);
	}

	@AfterEach
	void openGate() {
		source.connected = List.of();
		source.open();
	}

	@Test
	void aBurstMakesOneRunAndRequestsDuringItOneFollowUp() throws Exception {
		source.close();
		burst(200);
		source.awaitStarted();
		assertThat(source.runs.get()).isOne();

		burst(200);
		Thread.sleep(300);
		assertThat(source.runs.get()).isOne();
		source.close();
		// the first run's gate was replaced: it ends, and the follow-up starts
		openPrevious();
		source.awaitStarted();
		assertThat(source.runs.get()).isEqualTo(2);
		source.open();
		awaitNoRunningRun();
		Thread.sleep(300);

		assertThat(source.runs.get()).isEqualTo(2);
		assertThat(jdbc.queryForList("SELECT trigger_type FROM sync_runs", String.class)).containsOnly("requested");
		assertThat(jdbc.queryForObject("SELECT requested_at FROM sync_accounts", Object.class)).isNull();
	}

	@Test
	void aRequestForAnAccountThatCannotBeSyncedWaitsForIt() throws Exception {
		source.connected = List.of();
		requests.request(SyncProvider.WHATSAPP, staffId);
		Thread.sleep(300);
		assertThat(source.runs.get()).isZero();

		source.connected = List.of(staffId);
		awaitRuns(1);
		awaitNoRunningRun();
	}

	private java.util.concurrent.CountDownLatch previousGate;

	private void openPrevious() {
		previousGate.countDown();
	}

	private void burst(int n) throws InterruptedException {
		previousGate = source.gate;
		ExecutorService senders = Executors.newFixedThreadPool(16);
		for (int i = 0; i < n; i++) {
			senders.submit(() -> requests.request(SyncProvider.WHATSAPP, staffId));
		}
		senders.shutdown();
		assertThat(senders.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
	}

	private void awaitRuns(int n) throws InterruptedException {
		for (int i = 0; i < 200 && source.runs.get() < n; i++) {
			Thread.sleep(50);
		}
		assertThat(source.runs.get()).isEqualTo(n);
	}

	private void awaitNoRunningRun() throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			if (jdbc.queryForObject("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'", Integer.class) == 0) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("a run is still running");
	}

}
