package com.whiskeysocket.crm.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.whiskeysocket.crm.outlook.ConnectedStaff;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * What the write-back's integration tests (Google and Outlook, against their stand-ins)
 * share: the admin's connection with the scopes a test gives, turning the write-back on
 * through its API, a contact with one number, the outbox and copies counted, and waiting
 * for the worker.
 */
public final class WriteBackFixtures {

	private WriteBackFixtures() {
	}

	/**
	 * Saves the admin's connection to a provider with these scopes, its access token
	 * valid for an hour.
	 * @param registrationId {@code google} or {@code microsoft}
	 * @param tokenName the fake tokens' middle part ({@code fake-<name>-access-1})
	 */
	public static void connect(OAuth2AuthorizedClientService clients, ClientRegistrationRepository registrations,
			String registrationId, String tokenName, Set<String> scopes) {
		ConnectedStaff.connect(clients, registrations, registrationId, "admin", "fake-" + tokenName + "-access-1",
				"fake-" + tokenName + "-refresh-1", scopes, Instant.now().plusSeconds(3600));
	}

	/**
	 * {@code PUT /api/<provider>/write-back} turning it on for the contacts the signed-in
	 * staff member owns.
	 */
	public static ResultActions turnOn(MockMvc mvc, String provider) throws Exception {
		return mvc.perform(put("/api/" + provider + "/write-back").with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"enabled\":true,\"scope\":\"owned\"}"));
	}

	/** A contact with one mobile number, as the people model keeps it. */
	public static long contact(JdbcTemplate jdbc, String name, String phone, Long owner) {
		jdbc.update("INSERT INTO contacts (name, phone, owner_id) VALUES (?, ?, ?)", name, phone, owner);
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", phone, id);
		return id;
	}

	/** Rows waiting in the outbox. */
	public static int pending(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM write_back_outbox", Integer.class);
	}

	/** Copies written into address books. */
	public static int copies(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM write_back_copies", Integer.class);
	}

	/** Waits up to 30 s for the condition, failing the test after. */
	public static void await(BooleanSupplier condition) throws InterruptedException {
		Instant end = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 30 s").isBefore(end);
			Thread.sleep(50);
		}
	}

}
