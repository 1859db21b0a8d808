package com.whiskeysocket.crm.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class AuditIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private AuditLog audit;

	@Autowired
	private AuditRetention retention;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void empty() {
		jdbc.update("DELETE FROM audit_events");
	}

	@Test
	@WithUserDetails("admin")
	void theAdminPageFiltersByWhoWhatWhenAndAddress() throws Exception {
		audit.recordAs("sari", "sign-in.failed", null, null);
		audit.recordAs("budi", "sign-in.succeeded", null, null);
		audit.recordAs("budi", "staff.disabled", "sari", null);
		jdbc.update("UPDATE audit_events SET address = '203.0.113.5' WHERE actor = 'sari'");
		jdbc.update("UPDATE audit_events SET occurred_at = ? WHERE action = 'staff.disabled'",
				Timestamp.from(Instant.parse("2026-01-10T10:00:00Z")));

		mvc.perform(get("/audit"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("sign-in.failed")))
			.andExpect(content().string(containsString("staff.disabled")));
		mvc.perform(get("/audit").param("actor", "budi"))
			.andExpect(content().string(not(containsString("sign-in.failed"))))
			.andExpect(content().string(containsString("sign-in.succeeded")));
		mvc.perform(get("/audit").param("action", "sign-in"))
			.andExpect(content().string(containsString("sign-in.failed")))
			.andExpect(content().string(containsString("sign-in.succeeded")))
			.andExpect(content().string(not(containsString("staff.disabled"))));
		mvc.perform(get("/audit").param("address", "203.0.113.5"))
			.andExpect(content().string(containsString("sign-in.failed")))
			.andExpect(content().string(not(containsString("sign-in.succeeded"))));
		mvc.perform(get("/audit").param("from", "2026-01-10").param("to", "2026-01-10"))
			.andExpect(content().string(containsString("staff.disabled")))
			.andExpect(content().string(not(containsString("sign-in.failed"))));
	}

	@Test
	@WithUserDetails("admin")
	void theAdminPagesThroughOlderEntries() throws Exception {
		for (int i = 0; i < AuditEntries.PAGE_SIZE + 5; i++) {
			audit.recordAs("sari", "sign-in.failed", "attempt-" + i, null);
		}
		mvc.perform(get("/audit"))
			.andExpect(content().string(containsString("attempt-54")))
			.andExpect(content().string(not(containsString("attempt-4<"))))
			.andExpect(content().string(containsString("before=")));
	}

	@Test
	@WithMockUser(roles = "STAFF")
	void staffMembersCannotReadTheAuditTrail() throws Exception {
		mvc.perform(get("/audit")).andExpect(status().isForbidden());
	}

	@Test
	void entriesOlderThanTheRetentionArePurged() {
		audit.recordAs("sari", "sign-in.failed", null, null);
		audit.recordAs("sari", "sign-in.succeeded", null, null);
		jdbc.update("UPDATE audit_events SET occurred_at = ? WHERE action = 'sign-in.failed'",
				Timestamp.from(Instant.now().minus(366, ChronoUnit.DAYS)));

		assertThat(retention.purge(Instant.now())).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT action FROM audit_events", String.class))
			.containsExactly("sign-in.succeeded");
	}

	@Test
	void controlCharactersAndLongTextsAreCutToOneLine() {
		audit.recordAs("sari\r\nforged", "sign-in.failed", "x".repeat(300), null);
		assertThat(jdbc.queryForObject("SELECT actor FROM audit_events", String.class)).isEqualTo("sari  forged");
		assertThat(jdbc.queryForObject("SELECT target FROM audit_events", String.class)).hasSize(200);
	}

}
