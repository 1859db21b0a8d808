package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /api/contacts/changes}: the cursor of now, each contact written since once
 * (as {@code GET /api/contacts/{id}} shows it) or as deleted, nothing twice, a cursor
 * that is no cursor refused, and numbers committed out of order still delivered.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactFeedIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private ContactFeed feed;

	@Autowired
	private JsonMapper json;

	@Autowired
	private ContactChangesPruning pruning;

	private long adminId;

	private final List<Long> written = new java.util.ArrayList<>();

	/**
	 * Rows a test wrote with its own numbers go: the next number the database gives is
	 * then free whether or not it counted them.
	 */
	@AfterEach
	void forgetOwnNumbers() {
		written.forEach((seq) -> jdbc.update("DELETE FROM contact_changes WHERE seq = ?", seq));
	}

	@BeforeEach
	void noContacts() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		adminId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void withoutSinceItGivesNothingAndTheCursorOfNowThenEachContactWrittenSinceAsTheApiShowsIt() throws Exception {
		JsonNode start = changes(null);
		assertThat(start.get("items").size()).isZero();
		String cursor = start.get("cursor").asString();

		long rina = create("Rina", "0812-1111-0001");
		long budi = create("Budi", "0812-1111-0002");
		contactImport.importPage(Provider.OUTLOOK, adminId, 1, ImportPage.of(List.of(IncomingContact.simple("AAMk-1",
				"Rina Kusuma", null, null, null, null, List.of("0812-1111-0001"), "ck", "folder-1"))));
		mvc.perform(delete("/api/contacts/{id}", budi).with(csrf())).andExpect(status().isNoContent());

		JsonNode since = changes(cursor);
		JsonNode items = since.get("items");
		assertThat(items.size()).as("each contact once, at its latest change").isEqualTo(2);
		assertThat(items.get(0)).isEqualTo(json
			.readTree(mvc.perform(get("/api/contacts/{id}", rina)).andReturn().getResponse().getContentAsString()));
		assertThat(items.get(0).get("identities").get(0).get("externalId").asString()).isEqualTo("AAMk-1");
		assertThat(items.get(1)).isEqualTo(json.readTree("{\"id\": " + budi + ", \"deleted\": true}"));

		JsonNode after = changes(since.get("cursor").asString());
		assertThat(after.get("items").size()).isZero();
		// the same place in the sequence (numbers other tests left unused may settle
		// meanwhile
		// and leave the cursor's list of those still awaited)
		assertThat(position(after)).isEqualTo(position(since));
		assertThat(position(changes(null))).isEqualTo(position(since));
	}

	@Test
	void aCursorItDidNotGiveIsRefused() throws Exception {
		for (String bad : new String[] { "", "not a cursor", "MTIzNA==x", encoded("12:12-1"), encoded("-5"),
				encoded("5:3-1,") + "!" }) {
			mvc.perform(get("/api/contacts/changes").param("since", bad))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.error").value("invalid_cursor"));
		}
	}

	@Test
	void aNumberCommittedAfterALaterOneIsStillDelivered() {
		long rina = create("Rina", "0812-1111-0001");
		long budi = create("Budi", "0812-1111-0002");
		ContactFeed.Cursor cursor = feed.now();
		long next = cursor.seq() + 1;
		// number next + 1 commits while next is still on its way
		row(next + 1, budi, Instant.now());

		ContactFeed.Window first = feed.since(cursor, 100);
		assertThat(first.changes()).containsExactly(new ContactFeed.Change(budi, false));
		assertThat(first.next().pending()).extracting(ContactFeed.Pending::seq).contains(next);
		ContactFeed.Cursor reread = ContactFeed.Cursor.decode(first.next().encode()).orElseThrow();
		assertThat(reread).isEqualTo(first.next());

		row(next, rina, Instant.now());
		ContactFeed.Window second = feed.since(reread, 100);
		assertThat(second.changes()).containsExactly(new ContactFeed.Change(rina, false));
		assertThat(second.next().pending()).extracting(ContactFeed.Pending::seq).doesNotContain(next);
		assertThat(feed.since(second.next(), 100).changes()).isEmpty();
	}

	@Test
	void aMissingNumberOlderThanAnyTransactionIsNotWaitedFor() {
		long rina = create("Rina", "0812-1111-0001");
		ContactFeed.Cursor cursor = feed.now();
		// a number taken by a transaction that rolled back, long ago
		row(cursor.seq() + 2, rina, Instant.now().minus(ContactFeed.SETTLE).minusSeconds(5));

		ContactFeed.Window window = feed.since(cursor, 100);

		assertThat(window.changes()).containsExactly(new ContactFeed.Change(rina, false));
		assertThat(window.next().pending()).extracting(ContactFeed.Pending::seq).doesNotContain(cursor.seq() + 1);
		assertThat(window.next().seq()).isEqualTo(cursor.seq() + 2);
	}

	@Test
	void aLongBacklogComesInPagesMarkedMore() {
		long rina = create("Rina", "0812-1111-0001");
		ContactFeed.Cursor cursor = feed.now();
		for (int i = 0; i < 5; i++) {
			mvcStatus(rina, (i % 2 == 0) ? "won" : "lost");
		}

		ContactFeed.Window page = feed.since(cursor, 3);

		assertThat(page.more()).isTrue();
		assertThat(page.changes()).containsExactly(new ContactFeed.Change(rina, false));
		ContactFeed.Window rest = feed.since(page.next(), 3);
		assertThat(rest.more()).isFalse();
		assertThat(rest.changes()).containsExactly(new ContactFeed.Change(rina, false));
	}

	@Test
	void pruningKeepsEachContactsLatestChangeAndEveryDeletion() throws Exception {
		long rina = create("Rina", "0812-1111-0001");
		long budi = create("Budi", "0812-1111-0002");
		ContactFeed.Cursor old = feed.now();
		mvcStatus(rina, "won");
		mvcStatus(rina, "lost");
		mvc.perform(delete("/api/contacts/{id}", budi).with(csrf())).andExpect(status().isNoContent());
		long latestOfRina = jdbc.queryForObject("SELECT MAX(seq) FROM contact_changes WHERE contact_id = ?", Long.class,
				rina);

		assertThat(pruning.prune(Instant.now())).as("nothing is old enough yet").isZero();
		assertThat(pruning.prune(Instant.now().plus(ContactChangesPruning.KEEP).plusSeconds(1))).isPositive();

		assertThat(jdbc.queryForList("SELECT seq FROM contact_changes WHERE contact_id = ?", Long.class, rina))
			.containsExactly(latestOfRina);
		assertThat(jdbc.queryForList("SELECT deleted FROM contact_changes WHERE contact_id = ?", Boolean.class, budi))
			.containsExactly(true);
		assertThat(feed.since(old, 100).changes()).containsExactly(new ContactFeed.Change(rina, false),
				new ContactFeed.Change(budi, true));
	}

	private void mvcStatus(long id, String status) {
		try {
			mvc.perform(post("/contacts/{id}/status", id).with(csrf()).param("status", status))
				.andExpect(status().is3xxRedirection());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void row(long seq, long contactId, Instant at) {
		written.add(seq);
		jdbc.update("INSERT INTO contact_changes (seq, contact_id, deleted, changed_at) VALUES (?, ?, FALSE, ?)", seq,
				contactId, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
	}

	private long create(String name, String phone) {
		try {
			String location = mvc
				.perform(post("/api/contacts").with(csrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\": \"" + name + "\", \"phones\": [{\"number\": \"" + phone + "\"}]}"))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getHeader("Location");
			return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode changes(String since) throws Exception {
		var request = get("/api/contacts/changes");
		if (since != null) {
			request.param("since", since);
		}
		return json
			.readTree(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
	}

	private static String encoded(String plain) {
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes());
	}

	/** The last sequence number a cursor has read, from its "seq[:awaited…]" text. */
	private static String position(JsonNode page) {
		String text = new String(java.util.Base64.getUrlDecoder().decode(page.get("cursor").asString()),
				java.nio.charset.StandardCharsets.US_ASCII);
		return (text.indexOf(':') < 0) ? text : text.substring(0, text.indexOf(':'));
	}

}
