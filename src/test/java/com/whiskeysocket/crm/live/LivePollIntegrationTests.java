package com.whiskeysocket.crm.live;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.contacts.ContactFeed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The live pages' poll: {@code 204} while nothing moved, {@code 200} with the new
 * position once something did ({@code changed} only for the page's own contact on a
 * contact's page), {@code 401} without a live session (none, expired, or ended by an
 * admin), and the session row never written.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LivePollIntegrationTests {

	private static final String ENDED = "org.springframework.session.security.SpringSessionBackedSessionInformation.EXPIRED";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactFeed feed;

	private String sessionId;

	private String primaryId;

	@BeforeEach
	void aSignedInSession() {
		jdbc.update("DELETE FROM contacts");
		sessionId = UUID.randomUUID().toString();
		primaryId = UUID.randomUUID().toString();
		long now = System.currentTimeMillis();
		jdbc.update(
				"INSERT INTO SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME, "
						+ "MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) VALUES (?, ?, ?, ?, 1800, ?, 'admin')",
				primaryId, sessionId, now, now, now + 1_800_000);
	}

	@Test
	void nothingMovedIs204ThenAChangeIs200WithTheNewPositionAndTheSessionIsNeverWritten() throws Exception {
		String since = feed.now().encode();
		mvc.perform(signedIn(get("/live/contacts").param("since", since))).andExpect(status().isNoContent());

		long rina = contact("Rina", "6281211110001");
		String next = mvc.perform(signedIn(get("/live/contacts").param("since", since)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.changed").value(true))
			.andReturn()
			.getResponse()
			.getContentAsString()
			.replaceAll(".*\"since\":\"([^\"]+)\".*", "$1");
		assertThat(next).isNotEqualTo(since);
		mvc.perform(signedIn(get("/live/contacts").param("since", next))).andExpect(status().isNoContent());

		// a contact's page: another contact's change moves the position, not the page
		contact("Budi", "6281211110002");
		mvc.perform(signedIn(get("/live/contacts").param("since", next).param("contact", String.valueOf(rina))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.changed").value(false));

		assertThat(jdbc.queryForObject(
				"SELECT LAST_ACCESS_TIME = CREATION_TIME FROM SPRING_SESSION " + "WHERE PRIMARY_ID = ?", Boolean.class,
				primaryId))
			.isTrue();
	}

	@Test
	void theSyncHistoryMarkMovesWhenARunStarts() throws Exception {
		String mark = jdbc.queryForObject("SELECT CONCAT(COALESCE(MAX(id), 0), '') FROM sync_runs", String.class);
		String since = mvc.perform(signedIn(get("/live/sync").param("since", "0-0")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()
			.replaceAll(".*\"since\":\"([^\"]+)\".*", "$1");
		assertThat(since).startsWith(mark + "-");
		mvc.perform(signedIn(get("/live/sync").param("since", since))).andExpect(status().isNoContent());

		jdbc.update("INSERT INTO sync_runs (staff_user_id, provider, status, started_at) SELECT id, 'outlook', "
				+ "'running', CURRENT_TIMESTAMP(6) FROM staff_users WHERE username = 'admin'");

		mvc.perform(signedIn(get("/live/sync").param("since", since)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.changed").value(true));
		jdbc.update("DELETE FROM sync_runs");
	}

	@Test
	void withoutALiveSessionItIs401AndAPositionItDidNotGiveIs400() throws Exception {
		String since = feed.now().encode();
		mvc.perform(get("/live/contacts").param("since", since)).andExpect(status().isUnauthorized());
		mvc.perform(get("/live/contacts").param("since", since).cookie(new Cookie("SESSION", encoded("no-such"))))
			.andExpect(status().isUnauthorized());

		mvc.perform(signedIn(get("/live/contacts").param("since", "not a cursor"))).andExpect(status().isBadRequest());
		mvc.perform(signedIn(get("/live/contacts").param("since", since).param("contact", "x")))
			.andExpect(status().isBadRequest());

		jdbc.update("INSERT INTO SPRING_SESSION_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES) "
				+ "VALUES (?, ?, ?)", primaryId, ENDED, new byte[] { 1 });
		mvc.perform(signedIn(get("/live/contacts").param("since", since))).andExpect(status().isUnauthorized());

		jdbc.update("DELETE FROM SPRING_SESSION_ATTRIBUTES WHERE SESSION_PRIMARY_ID = ?", primaryId);
		jdbc.update("UPDATE SPRING_SESSION SET EXPIRY_TIME = ? WHERE PRIMARY_ID = ?", System.currentTimeMillis() - 1,
				primaryId);
		mvc.perform(signedIn(get("/live/contacts").param("since", since))).andExpect(status().isUnauthorized());
	}

	private MockHttpServletRequestBuilder signedIn(MockHttpServletRequestBuilder request) {
		return request.cookie(new Cookie("SESSION", encoded(sessionId)));
	}

	private long contact(String name, String phone) {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'manual')", name, phone);
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
		jdbc.update("INSERT INTO contact_changes (contact_id, deleted, changed_at) VALUES (?, FALSE, "
				+ "CURRENT_TIMESTAMP(6))", id);
		return id;
	}

	private static String encoded(String id) {
		return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
	}

}
