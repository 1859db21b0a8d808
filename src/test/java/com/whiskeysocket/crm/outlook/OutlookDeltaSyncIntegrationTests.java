package com.whiskeysocket.crm.outlook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Delta sync: after the first full read, each folder's changes only. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class OutlookDeltaSyncIntegrationTests {

	private static final String DEFAULT = GraphStub.DEFAULT_FOLDER_ID;

	@DynamicPropertySource
	static void microsoft(DynamicPropertyRegistry registry) {
		MicrosoftStub.register(registry);
		registry.add("crm.outlook.sync.backoff", () -> "10ms");
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService store;

	@Autowired
	private ClientRegistrationRepository registrations;

	private final GraphStub graph = new GraphStub(MicrosoftStub.SERVER);

	@BeforeEach
	void firstFullSync() throws Exception {
		MicrosoftStub.SERVER.resetAll();
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM outlook_delta_links");
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("DELETE FROM sync_runs");
		storeTokens();
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Budi WA', '6281122223333', 'whatsapp')");
		graph.folders();
		graph.noChildFoldersByDefault();
		graph.defaultFolder(List.of(List.of(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"),
				GraphStub.contact("AAMk-2", "Budi Santoso", "0811-2222-3333"))));
		sync().andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.added").value(1))
			.andExpect(jsonPath("$.merged").value(1));
		MicrosoftStub.SERVER.resetRequests();
	}

	@Test
	void nothingChangedCostsOneDeltaRequestPerFolderAndWritesNothing() throws Exception {
		graph.changes(DEFAULT, List.of(List.of()));
		String before = snapshot();

		sync().andExpect(jsonPath("$.mode").value("delta"))
			.andExpect(jsonPath("$.total").value(0))
			.andExpect(jsonPath("$.added").value(0))
			.andExpect(jsonPath("$.updated").value(0))
			.andExpect(jsonPath("$.removed").value(0));

		MicrosoftStub.SERVER.verify(1, getRequestedFor(urlPathEqualTo("/v1.0/delta/" + DEFAULT)));
		MicrosoftStub.SERVER.verify(0, getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)));
		MicrosoftStub.SERVER.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/me/contacts")));
		// one delta request for the one folder, plus
		// one to see whether folders were added
		MicrosoftStub.SERVER.verify(2, anyRequestedFor(anyUrl()));
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void addedAndChangedContactsArrive() throws Exception {
		Map<String, Object> renamed = GraphStub.contact("AAMk-1", "Rina K. Kusuma", "0812-3456-7890");
		graph.changes(DEFAULT, List.of(List.of(renamed, GraphStub.contact("AAMk-3", "Sari", "0813-0000-0003"))));

		sync().andExpect(jsonPath("$.mode").value("delta"))
			.andExpect(jsonPath("$.added").value(1))
			.andExpect(jsonPath("$.updated").value(1))
			.andExpect(jsonPath("$.total").value(2));
		assertThat(names()).containsExactly("Budi Santoso", "Rina K. Kusuma", "Sari");
	}

	@Test
	void deletedContactsAreUnlinkedButKept() throws Exception {
		graph.changes(DEFAULT, List.of(List.of(GraphStub.removed("AAMk-1"), GraphStub.removed("AAMk-2"))));

		sync().andExpect(jsonPath("$.removed").value(2));

		Map<String, Object> outlookOnly = jdbc.queryForMap(
				"SELECT source, outlook_contact_id, outlook_removed_at FROM contacts WHERE phone = '6281234567890'");
		assertThat(outlookOnly.get("source")).isEqualTo("outlook");
		assertThat(outlookOnly.get("outlook_contact_id")).isNull();
		assertThat(outlookOnly.get("outlook_removed_at")).isNotNull();
		Map<String, Object> merged = jdbc.queryForMap(
				"SELECT source, outlook_contact_id, outlook_removed_at FROM contacts WHERE phone = '6281122223333'");
		assertThat(merged.get("source")).isEqualTo("whatsapp");
		assertThat(merged.get("outlook_contact_id")).isNull();
		assertThat(merged.get("outlook_removed_at")).isNull();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Integer.class)).isZero();
	}

	@Test
	void replayedChangesAreHarmless() throws Exception {
		List<List<Map<String, Object>>> changes = List
			.of(List.of(GraphStub.removed("AAMk-1"), GraphStub.contact("AAMk-3", "Sari", "0813-0000-0003")));
		graph.changes(DEFAULT, changes);
		sync().andExpect(jsonPath("$.added").value(1)).andExpect(jsonPath("$.removed").value(1));
		String after = snapshot();

		graph.changes(DEFAULT, changes);
		sync().andExpect(jsonPath("$.added").value(0))
			.andExpect(jsonPath("$.updated").value(0))
			.andExpect(jsonPath("$.unchanged").value(1))
			.andExpect(jsonPath("$.removed").value(0));
		assertThat(snapshot()).isEqualTo(after);
	}

	@Test
	void aDeletedContactThatComesBackIsNoLongerMarked() throws Exception {
		graph.changes(DEFAULT, List.of(List.of(GraphStub.removed("AAMk-1"))));
		sync();
		graph.changes(DEFAULT, List.of(List.of(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"))));

		sync().andExpect(jsonPath("$.updated").value(1));
		assertThat(jdbc
			.queryForMap("SELECT outlook_contact_id, outlook_removed_at FROM contacts WHERE phone = '6281234567890'"))
			.containsEntry("outlook_contact_id", "AAMk-1")
			.containsEntry("outlook_removed_at", null);
	}

	@Test
	void anExpiredDeltaLinkFallsBackToOneFullRead() throws Exception {
		graph.stub(get(urlPathEqualTo("/v1.0/delta/" + DEFAULT))
			.willReturn(GraphStub.graphError(410, "SyncStateNotFound")));

		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.unchanged").value(2))
			.andExpect(jsonPath("$.removed").value(0));

		MicrosoftStub.SERVER.verify(1, getRequestedFor(urlPathEqualTo("/v1.0/delta/" + DEFAULT)));
		MicrosoftStub.SERVER.verify(1, getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)));
		assertThat(jdbc.queryForObject("SELECT delta_link FROM outlook_delta_links", String.class))
			.isEqualTo(graph.deltaLink(DEFAULT));
	}

	@Test
	void syncStateNotFoundAsABadRequestAlsoFallsBack() throws Exception {
		graph.stub(get(urlPathEqualTo("/v1.0/delta/" + DEFAULT))
			.willReturn(GraphStub.graphError(400, "syncStateNotFound")));

		sync().andExpect(status().isOk()).andExpect(jsonPath("$.mode").value("full"));
	}

	@Test
	void aContactDeletedWhileNoDeltaLinkWasKeptIsUnlinkedByTheNextFullRead() throws Exception {
		jdbc.update("DELETE FROM outlook_delta_links");
		graph.defaultFolder(List.of(List.of(GraphStub.contact("AAMk-2", "Budi Santoso", "0811-2222-3333"))));

		sync().andExpect(jsonPath("$.mode").value("full")).andExpect(jsonPath("$.removed").value(1));
		assertThat(jdbc.queryForObject("SELECT outlook_removed_at FROM contacts WHERE phone = '6281234567890'",
				Instant.class))
			.isNotNull();
	}

	@Test
	void aNewNumberInOutlookJoinsThePersonItsEntryFeeds() throws Exception {
		// issue 18 changed this: an entry stays with the person it is linked to, who
		// gains
		// the new number and keeps the old one, which WhatsApp still knows (before, the
		// link moved to a new contact with the new number)
		graph.changes(DEFAULT, List.of(List.of(GraphStub.contact("AAMk-2", "Budi Santoso", "0819-9999-9999"))));

		sync().andExpect(jsonPath("$.added").value(0));

		Map<String, Object> person = jdbc
			.queryForMap("SELECT id, source, outlook_contact_id FROM contacts WHERE phone = '6281122223333'");
		assertThat(person).containsEntry("source", "both").containsEntry("outlook_contact_id", "AAMk-2");
		assertThat(
				jdbc.queryForObject("SELECT contact_id FROM contact_phones WHERE phone = '6281999999999'", Long.class))
			.isEqualTo(((Number) person.get("id")).longValue());
		assertThat(
				jdbc.queryForObject("SELECT COUNT(*) FROM contact_links WHERE external_id = 'AAMk-2'", Integer.class))
			.isOne();
	}

	@Test
	void aContactMovedToAnotherFolderStaysLinked() throws Exception {
		graph.folders("work");
		graph.folderContacts("work",
				List.of(List.of(withFolder(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"), "work"))));
		graph.changes(DEFAULT, List.of(List.of(GraphStub.removed("AAMk-1"))));

		sync().andExpect(jsonPath("$.mode").value("mixed"));

		assertThat(jdbc.queryForMap(
				"SELECT outlook_contact_id, outlook_removed_at FROM contacts WHERE phone = " + "'6281234567890'"))
			.containsEntry("outlook_contact_id", "AAMk-1")
			.containsEntry("outlook_removed_at", null);
		assertThat(
				jdbc.queryForObject("SELECT folder_id FROM contact_links WHERE external_id = 'AAMk-1'", String.class))
			.isEqualTo("work");
	}

	@Test
	void disconnectingForgetsTheDeltaLinksSoTheNextMailboxIsReadInFull() throws Exception {
		mvc.perform(post("/api/outlook/disconnect").with(csrf())).andExpect(status().isOk());

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outlook_delta_links", Integer.class)).isZero();
	}

	private static Map<String, Object> withFolder(Map<String, Object> contact, String folderId) {
		Map<String, Object> moved = new java.util.LinkedHashMap<>(contact);
		moved.put("parentFolderId", folderId);
		return moved;
	}

	private ResultActions sync() throws Exception {
		return mvc.perform(post("/api/outlook/sync-contacts").with(csrf())).andExpect(status().isOk());
	}

	private List<String> names() {
		return jdbc.queryForList("SELECT name FROM contacts ORDER BY name", String.class);
	}

	private String snapshot() {
		return jdbc
			.queryForList("SELECT CONCAT_WS('|', id, name, phone, source, outlook_contact_id, updated_at, "
					+ "outlook_removed_at) FROM contacts ORDER BY id", String.class)
			.toString();
	}

	private void storeTokens() {
		ConnectedStaff.connect(store, registrations, "admin", "fake-access-token-1", "fake-refresh-token-1",
				MicrosoftStub.contactsReadScope(), Instant.now().plusSeconds(3600));
	}

}
