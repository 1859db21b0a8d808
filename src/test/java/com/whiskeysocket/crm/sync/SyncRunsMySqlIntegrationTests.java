package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs as database-leased jobs on a real MariaDB/MySQL: one run per staff member and
 * provider, leases that expire and are taken over, counts that survive a failure, and the
 * schedule's claim and backoff.
 */
@MySqlIntegrationTest
@TestPropertySource(properties = { "crm.sync.interval=15m", "crm.sync.tick=1h" })
class SyncRunsMySqlIntegrationTests {

	@TestConfiguration
	static class Source {

		@Bean
		GatedSource gatedSource() {
			return new GatedSource();
		}

	}

	@Autowired
	private SyncRuns runs;

	@Autowired
	private SyncLeases leases;

	@Autowired
	private SyncScheduler scheduler;

	@Autowired
	private GatedSource source;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private SyncPanel panel;

	@Autowired
	private UserDetailsService users;

	private long staffId;

	@BeforeEach
	void clean() {
		jdbc.update("DELETE FROM sync_accounts");
		jdbc.update("DELETE FROM sync_runs");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		source.failure = null;
		source.connected = List.of();
		source.runs.set(0);
	}

	@AfterEach
	void openGate() {
		source.open();
	}

	@Test
	void aSecondStartWhileARunIsGoingIsRefusedByTheDatabase() throws Exception {
		source.close();
		StartedRun first = runs.start(source, staffId, SyncTrigger.MANUAL);
		source.awaitStarted();

		assertThatExceptionOfType(SyncInProgressException.class)
			.isThrownBy(() -> runs.start(source, staffId, SyncTrigger.MANUAL));
		assertThat(runs.find(first.runId(), staffId, false).orElseThrow().outcome()).isEqualTo("running");

		source.open();
		assertThat(first.await(Duration.ofSeconds(20))).isPresent();
		assertThat(row(first.runId())).containsEntry("status", "succeeded").containsEntry("added", 1100);
		assertThat(runs.start(source, staffId, SyncTrigger.MANUAL).await(Duration.ofSeconds(20))).isPresent();
	}

	@Test
	void aRunWhoseLeaseExpiredIsMarkedInterruptedKeepsItsCountsAndIsReplaced() {
		long dead = deadNodesRun(Instant.now().minusSeconds(5));

		StartedRun next = runs.start(source, staffId, SyncTrigger.MANUAL);

		assertThat(next.await(Duration.ofSeconds(20))).isPresent();
		assertThat(row(dead)).containsEntry("status", "interrupted")
			.containsEntry("error_code", "lease_expired")
			.containsEntry("added", 1100);
		assertThat(row(next.runId())).containsEntry("status", "succeeded");
	}

	@Test
	void aLiveLeaseOfAnotherNodeIsNeverInterrupted() {
		long live = deadNodesRun(Instant.now().plusSeconds(120));

		assertThatExceptionOfType(SyncInProgressException.class)
			.isThrownBy(() -> runs.start(source, staffId, SyncTrigger.MANUAL));
		assertThat(leases.interruptExpired()).isZero();

		assertThat(row(live)).containsEntry("status", "running");
		assertThat(source.runs.get()).isZero();
	}

	@Test
	void countsSoFarStayOnTheRunWhenItFails() throws Exception {
		source.close();
		source.failure = new IllegalStateException("Microsoft went away");
		StartedRun run = runs.start(source, staffId, SyncTrigger.MANUAL);
		source.awaitStarted();
		// progress is in the database while the run is going, for any node to read
		assertThat(row(run.runId())).containsEntry("status", "running")
			.containsEntry("added", 1100)
			.containsEntry("phase", "reading");

		source.open();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> run.await(Duration.ofSeconds(20)));
		assertThat(row(run.runId())).containsEntry("status", "failed")
			.containsEntry("error_code", "gated_failure")
			.containsEntry("added", 1100)
			.containsEntry("total", 1100);
	}

	@Test
	void aRunTakenOverByAnotherNodeStopsWithoutOverwritingIt() throws Exception {
		source.close();
		StartedRun run = runs.start(source, staffId, SyncTrigger.MANUAL);
		source.awaitStarted();
		jdbc.update("UPDATE sync_runs SET node_id = 'other-node' WHERE id = ?", run.runId());

		source.open();
		assertThatExceptionOfType(SyncLeaseLostException.class).isThrownBy(() -> run.await(Duration.ofSeconds(20)));
		assertThat(row(run.runId())).containsEntry("status", "running").containsEntry("node_id", "other-node");
	}

	@Test
	void theSchedulerSyncsDueConnectedAccountsAndBacksOffAfterFailures() throws Exception {
		source.connected = List.of(staffId);
		jdbc.update("INSERT INTO sync_accounts (staff_user_id, provider, next_due_at) VALUES (?, 'whatsapp', ?)",
				staffId, LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1));
		source.failure = new IllegalStateException("down");

		assertThat(scheduler.tick()).isOne();
		assertThat(scheduler.tick()).isZero();
		awaitNoRunningRun();

		Map<String, Object> account = jdbc.queryForMap("SELECT failures, next_due_at FROM sync_accounts");
		assertThat(account).containsEntry("failures", 1);
		assertThat(dueIn(account)).isCloseTo(Duration.ofMinutes(15).toSeconds(), within(60L));
		assertThat(jdbc.queryForObject("SELECT trigger_type FROM sync_runs", String.class)).isEqualTo("scheduled");

		jdbc.update("UPDATE sync_accounts SET next_due_at = ?", LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1));
		assertThat(scheduler.tick()).isOne();
		awaitNoRunningRun();
		account = jdbc.queryForMap("SELECT failures, next_due_at FROM sync_accounts");
		assertThat(account).containsEntry("failures", 2);
		assertThat(dueIn(account)).isCloseTo(Duration.ofMinutes(30).toSeconds(), within(60L));

		source.failure = null;
		jdbc.update("UPDATE sync_accounts SET next_due_at = ?", LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1));
		assertThat(scheduler.tick()).isOne();
		awaitNoRunningRun();
		assertThat(jdbc.queryForObject("SELECT failures FROM sync_accounts", Integer.class)).isZero();
	}

	@Test
	void accountsThatAreNotConnectedAreNotScheduled() {
		jdbc.update("INSERT INTO sync_accounts (staff_user_id, provider, next_due_at) VALUES (?, 'whatsapp', ?)",
				staffId, LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1));

		assertThat(scheduler.tick()).isZero();
		assertThat(source.runs.get()).isZero();
	}

	@Test
	void thePanelSaysHowOftenWhenLastAndWhenNext() {
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		UserDetails admin = users.loadUserByUsername("admin");
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
		try {
			assertThat(runs.start(source, staffId, SyncTrigger.MANUAL).await(Duration.ofSeconds(20))).isPresent();

			assertThat(panel.schedule("whatsapp", false))
				.matches("Synced automatically every 15 minutes · last sync under a minute ago · next in ~1[456] min");
			assertThat(panel.schedule("whatsapp", true)).isEqualTo("Automatic sync is paused until you reconnect.");
		}
		finally {
			SecurityContextHolder.clearContext();
			LocaleContextHolder.resetLocaleContext();
		}
	}

	private long deadNodesRun(Instant leaseExpires) {
		LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(3);
		jdbc.update("INSERT INTO sync_runs (staff_user_id, provider, trigger_type, status, started_at, node_id, "
				+ "heartbeat_at, lease_expires_at, added, total) VALUES (?, 'whatsapp', 'manual', 'running', ?, "
				+ "'dead-node', ?, ?, 1100, 1100)", staffId, started, started.plusMinutes(1),
				LocalDateTime.ofInstant(leaseExpires, ZoneOffset.UTC));
		long id = jdbc.queryForObject("SELECT MAX(id) FROM sync_runs", Long.class);
		jdbc.update("INSERT INTO sync_accounts (staff_user_id, provider, active_run_id, next_due_at) "
				+ "VALUES (?, 'whatsapp', ?, ?)", staffId, id, started);
		return id;
	}

	private Map<String, Object> row(long id) {
		return jdbc.queryForMap("SELECT status, error_code, added, total, phase, node_id FROM sync_runs WHERE id = ?",
				id);
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

	private static long dueIn(Map<String, Object> account) {
		LocalDateTime due = ((java.sql.Timestamp) account.get("next_due_at")).toLocalDateTime();
		return Duration.between(LocalDateTime.now(ZoneOffset.UTC), due).toSeconds();
	}

}
