package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code contacts.known_from_import} (V31), the "imported" filter's flag: filled by the
 * migration from the sources, set by a file import, moved by a merge and back by its
 * undo, cleared when the imported number goes: always what the sources say.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class KnownFromImportMySqlIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private ContactMerges merges;

	@Autowired
	private UserDetailsService users;

	private StaffPrincipal admin;

	@BeforeEach
	void emptyContacts() {
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contacts");
		admin = (StaffPrincipal) users.loadUserByUsername("admin");
	}

	@Test
	void theMigrationFillsItFromNumberAndEmailSources() throws IOException {
		long byNumber = person("Budi", "6281100000001", "import");
		long byEmail = person("Sari", "6281100000002", "whatsapp");
		jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, is_primary, created_at) "
				+ "VALUES (?, 'sari@example.com', 'sari@example.com', TRUE, CURRENT_TIMESTAMP(6))", byEmail);
		jdbc.update("INSERT INTO contact_email_sources (contact_id, email_key, source, staff_user_id, created_at) "
				+ "VALUES (?, 'sari@example.com', 'import', 0, CURRENT_TIMESTAMP(6))", byEmail);
		long neither = person("Dewi", "6281100000003", "outlook");

		String migration = new ClassPathResource("db/migration/V31__known_from_import.sql")
			.getContentAsString(StandardCharsets.UTF_8);
		jdbc.update("UPDATE contacts SET known_from_import = FALSE");
		for (String statement : migration.replaceAll("(?m)^--.*$", "").split(";")) {
			if (statement.strip().startsWith("UPDATE")) {
				jdbc.update(statement);
			}
		}

		assertThat(flag(byNumber)).isTrue();
		assertThat(flag(byEmail)).isTrue();
		assertThat(flag(neither)).isFalse();
	}

	@Test
	void aFileImportSetsItOnNewAndExistingPeople() {
		long synced = person("Rina", "6281200000001", "outlook");
		assertThat(flag(synced)).isFalse();

		contactImport.importFile(admin.id(), List.of(
				new FileContact(2, "Rina", List.of(), null, List.of(LabeledValue.of("0812-0000-0001")), null, null),
				new FileContact(3, "Agus", List.of(), null, List.of(LabeledValue.of("0812-0000-0002")), null, null)));

		assertThat(flag(synced)).isTrue();
		assertThat(flag(idOf("6281200000002"))).isTrue();
		assertThat(flag(synced)).isEqualTo(truth(synced));
	}

	@Test
	void aMergeMovesItToTheSurvivorAndItsUndoBack() {
		contactImport.importFile(admin.id(), List
			.of(new FileContact(2, "Wati", List.of(), null, List.of(LabeledValue.of("0816-0000-0001")), null, null)));
		long imported = idOf("6281600000001");
		long kept = person("Wati Utomo", "6281600000002", "outlook");
		assertThat(flag(imported)).isTrue();
		assertThat(flag(kept)).isFalse();

		Map<MergeField, Long> choices = new EnumMap<>(MergeField.class);
		choices.put(MergeField.PHONE, kept);
		choices.put(MergeField.NAME, kept);
		merges.merge(new ContactMerges.MergeRequest(List.of(imported, kept), kept, choices, false), admin);
		assertThat(flag(kept)).isTrue();

		merges.undo(jdbc.queryForObject("SELECT MAX(id) FROM contact_merges", Long.class), admin);
		assertThat(flag(imported)).isTrue();
		assertThat(flag(kept)).isFalse();
		assertThat(flag(kept)).isEqualTo(truth(kept));
	}

	@Test
	void removingTheImportedNumberClearsIt() throws Exception {
		contactImport.importFile(admin.id(), List
			.of(new FileContact(2, "Yusuf", List.of(), null, List.of(LabeledValue.of("0817-0000-0001")), null, null)));
		long yusuf = idOf("6281700000001");
		assertThat(flag(yusuf)).isTrue();

		mvc.perform(patch("/api/contacts/{id}", yusuf).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"phones\": [\"0817 0000 0002\"]}")).andExpect(status().isOk());

		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones WHERE contact_id = ?", String.class, yusuf))
			.containsExactly("6281700000002");
		assertThat(flag(yusuf)).isFalse();
	}

	private long person(String name, String phone, String source) {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES (?, ?, ?)", name, phone,
				source.equals("import") ? "manual" : source);
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", phone, id);
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES (?, ?, 0, CURRENT_TIMESTAMP(6))", phone, source);
		return id;
	}

	private long idOf(String phone) {
		return jdbc.queryForObject("SELECT contact_id FROM contact_phones WHERE phone = ?", Long.class, phone);
	}

	private boolean flag(long id) {
		return jdbc.queryForObject("SELECT known_from_import FROM contacts WHERE id = ?", Boolean.class, id);
	}

	private boolean truth(long id) {
		return jdbc.queryForObject("SELECT " + ContactChanges.KNOWN_FROM_IMPORT + " FROM contacts WHERE id = ?",
				Boolean.class, id);
	}

}
