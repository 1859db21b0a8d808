package com.whiskeysocket.crm.apitokens;

import com.whiskeysocket.crm.staff.StaffAccounts;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import org.springframework.context.ApplicationContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tokens on a real MySQL/MariaDB: the schema, the hash lookup, and the once-a-minute
 * last-used write deciding between concurrent first uses (one audit entry, not several).
 */
@MySqlIntegrationTest
class ApiTokensMySqlIntegrationTests {

	@Autowired
	private ApiTokens tokens;

	@Autowired
	private JdbcTemplate jdbc;

	private StaffAccounts accounts;

	@Autowired
	void accounts(ApplicationContext context) {
		this.accounts = new StaffAccounts(context);
	}

	@BeforeEach
	void empty() {
		jdbc.update("DELETE FROM api_tokens");
		jdbc.update("DELETE FROM audit_events");
	}

	@Test
	void concurrentFirstUsesWriteLastUsedAndAuditOnce() throws Exception {
		StaffPrincipal admin = accounts.principal("admin");
		String token = tokens.create(admin, new ApiTokenForm("parallel script", ApiTokenExpiry.DAYS_30))
			.orElseThrow()
			.token();

		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Boolean>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(() -> tokens.authenticate(token).isPresent());
			}
			for (Future<Boolean> result : pool.invokeAll(calls)) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE action = 'api-token.first-used'",
				Integer.class))
			.isEqualTo(1);
		Timestamp lastUsed = jdbc.queryForObject("SELECT last_used_at FROM api_tokens", Timestamp.class);
		assertThat(lastUsed.toInstant()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));

		jdbc.update("UPDATE api_tokens SET revoked_at = ?", Timestamp.from(Instant.now()));
		assertThat(tokens.authenticate(token)).isEmpty();
		assertThat(tokens.authenticate("wsc_" + "B".repeat(43))).isEmpty();
	}

}
