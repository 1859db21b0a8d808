package com.whiskeysocket.crm.imports;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Import end to end on the web layer: upload, the preview's counts and rows, confirm, the
 * run in the sync history, what the contacts look like after; and the limits.
 */
@SpringBootTest(properties = { "crm.imports.max-file-size=4KB", "crm.imports.max-rows=20" })
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ImportIntegrationTests {

	private static final String FILE = """
			Nama;No HP;Email;Perusahaan;Status
			Budi Baru;0812-1000-0001;budi@example.com;PT Baru;berpotensi
			Nama Dari File;0812-1000-0002;wa@example.com;PT WA;
			Sudah Lengkap;0812-1000-0003;;;
			Budi Lagi;+62 812 1000 0001;;;
			Tanpa Nomor;;;;
			Nomor Salah;12345;;;
			""";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ImportUploads uploads;

	private long admin;

	private long whatsappContact;

	private long completeContact;

	@BeforeEach
	void twoKnownContacts() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM import_uploads");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM sync_accounts");
		jdbc.update("DELETE FROM audit_events");
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		whatsappContact = insert("Pak WA", "6281210000002", "whatsapp", null);
		completeContact = insert("Ibu Lengkap", "6281210000003", "outlook", "ibu@example.com");
	}

	@Test
	void previewSaysWhatEachRowWouldDoAndConfirmImportsItAsARunInTheHistory() throws Exception {
		long id = upload("kontak.csv", FILE);

		mvc.perform(get("/imports/{id}", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Columns used: Nama → name, No HP → phone, Email → email, "
					+ "Perusahaan → company, Status → status")))
			.andExpect(content().string(containsString("All: 6")))
			.andExpect(content().string(containsString("New: 1")))
			.andExpect(content().string(containsString("Merged: 1")))
			.andExpect(content().string(containsString("Already known: 1")))
			.andExpect(content().string(containsString("Duplicates in the file: 1")))
			.andExpect(content().string(containsString("No or invalid number: 2")))
			.andExpect(content().string(containsString("href=\"/contacts/" + whatsappContact + "\">Pak WA</a>")))
			.andExpect(content().string(containsString("href=\"/contacts/" + completeContact + "\">Ibu Lengkap</a>")))
			.andExpect(content().string(containsString("Same number as row 2: skipped")))
			.andExpect(content().string(containsString("No phone number: skipped")))
			.andExpect(content().string(containsString("Not a valid phone number (12345): skipped")))
			.andExpect(content().string(containsString("Import (1 new, 1 merged)")));
		mvc.perform(get("/imports/{id}", id).param("show", "problem"))
			.andExpect(content().string(containsString("Tanpa Nomor")))
			.andExpect(content().string(not(containsString("Budi Baru"))));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).as("nothing written yet")
			.isEqualTo(2);

		mvc.perform(post("/imports/{id}/confirm", id).with(csrf())).andExpect(redirectedUrl("/imports/" + id));

		mvc.perform(get("/imports/{id}", id))
			.andExpect(content().string(containsString("Import finished.")))
			.andExpect(content().string(containsString("New: 1")))
			.andExpect(content().string(containsString("Merged: 1")))
			.andExpect(content().string(containsString("Already known: 1")))
			.andExpect(content().string(containsString("Duplicates: 1")))
			.andExpect(content().string(containsString("No or invalid number: 2")))
			.andExpect(content().string(containsString("Rows: 6")));
		Map<String, Object> added = jdbc.queryForMap("SELECT * FROM contacts WHERE phone = '6281210000001'");
		assertThat(added).containsEntry("name", "Budi Baru")
			.containsEntry("source", "manual")
			.containsEntry("email", "budi@example.com")
			.containsEntry("company", "PT Baru")
			.containsEntry("lead_status", "qualified")
			.containsEntry("name_edited", true)
			.containsEntry("owner_id", admin);
		assertThat(jdbc.queryForMap("SELECT name, email, company, source, name_edited FROM contacts WHERE id = ?",
				whatsappContact))
			.as("a WhatsApp-only name gives way to the file's; empty fields are filled; the source stays")
			.containsEntry("name", "Nama Dari File")
			.containsEntry("email", "wa@example.com")
			.containsEntry("company", "PT WA")
			.containsEntry("source", "whatsapp")
			.containsEntry("name_edited", true);
		assertThat(jdbc.queryForMap("SELECT name, email FROM contacts WHERE id = ?", completeContact))
			.containsEntry("name", "Ibu Lengkap")
			.containsEntry("email", "ibu@example.com");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_rows", Integer.class)).as("rows go once imported")
			.isZero();

		assertThat(jdbc.queryForMap("SELECT provider, status, added, merged, unchanged, duplicates, skipped_no_phone, "
				+ "skipped_invalid_phone, total FROM sync_runs"))
			.containsEntry("provider", "import")
			.containsEntry("status", "succeeded")
			.containsEntry("added", 1)
			.containsEntry("merged", 1)
			.containsEntry("unchanged", 1)
			.containsEntry("duplicates", 1)
			.containsEntry("skipped_no_phone", 1)
			.containsEntry("skipped_invalid_phone", 1)
			.containsEntry("total", 6);
		mvc.perform(get("/sync/history"))
			.andExpect(content().string(containsString("<td>File import</td>")))
			.andExpect(content().string(containsString("1 new")));
		assertThat(
				jdbc.queryForMap("SELECT actor, target, detail FROM audit_events WHERE action = 'contacts.imported'"))
			.containsEntry("actor", "admin")
			.containsEntry("target", "kontak.csv")
			.containsEntry("detail", "6 rows: 1 new, 1 merged, 1 unchanged, 1 duplicates, 2 skipped");

		mvc.perform(post("/imports/{id}/confirm", id).with(csrf()))
			.andExpect(flash().attribute("importError", "import.error.notPending"));
	}

	@Test
	void anImportWhoseRunFailedCanBeTriedAgain() throws Exception {
		long id = upload("kontak.csv", FILE);
		jdbc.update("INSERT INTO sync_runs (staff_user_id, provider, trigger_type, status, started_at, finished_at, "
				+ "error_code) VALUES (?, 'import', 'manual', 'failed', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
				+ "'import_failed')", admin);
		long failedRun = jdbc.queryForObject("SELECT MAX(id) FROM sync_runs", Long.class);
		jdbc.update("UPDATE import_uploads SET state = 'importing', run_id = ? WHERE id = ?", failedRun, id);
		mvc.perform(get("/imports/{id}", id))
			.andExpect(content().string(containsString("The import stopped: Failed.")))
			.andExpect(content().string(containsString("id=\"retry-import\"")));

		mvc.perform(post("/imports/{id}/retry", id).with(csrf())).andExpect(redirectedUrl("/imports/" + id));

		mvc.perform(get("/imports/{id}", id)).andExpect(content().string(containsString("Import finished.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(3);
		mvc.perform(post("/imports/{id}/retry", id).with(csrf()))
			.andExpect(flash().attribute("importError", "import.error.notPending"));
	}

	@Test
	void cancellingForgetsTheUploadAndChangesNothing() throws Exception {
		long id = upload("kontak.csv", FILE);

		mvc.perform(post("/imports/{id}/cancel", id).with(csrf()))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashMessage", "import.cancelled"));

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_rows", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(2);
		mvc.perform(get("/imports/{id}", id)).andExpect(status().isNotFound());
	}

	@Test
	void aFileOverTheSizeLimitIsRefusedWithItsSize() throws Exception {
		String big = "name,phone\n" + "Lead,0812-1000-0001\n".repeat(300);

		mvc.perform(multipart("/imports").file(file("big.csv", big)).with(csrf()))
			.andExpect(redirectedUrl("/imports/new"))
			.andExpect(flash().attribute("importError", "import.error.tooLarge"))
			.andExpect(flash().attribute("importErrorArgs", new Object[] { "6 KB", "4 KB" }));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_uploads", Integer.class)).isZero();
	}

	@Test
	void aHeaderOfAHundredAndFiftyPhoneColumnsIsPreviewedWithTheColumnsUsedShortened() throws Exception {
		StringBuilder header = new StringBuilder("name");
		StringBuilder row = new StringBuilder("Banyak Nomor");
		for (int i = 1; i <= 150; i++) {
			header.append(",Phone ").append(i);
			row.append((i == 1) ? ",0812-1000-0001" : ",");
		}

		long id = upload("phones.csv", header + "\n" + row + "\n");

		String columns = jdbc.queryForObject("SELECT columns_used FROM import_uploads WHERE id = ?", String.class, id);
		assertThat(columns).hasSize(1000).startsWith("name → name, Phone 1 + Phone 2 + ").endsWith("…");
		mvc.perform(get("/imports/{id}", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("New: 1")));
	}

	@Test
	void aFileOverTheRowLimitIsRefusedWithItsCount() throws Exception {
		StringBuilder csv = new StringBuilder("name,phone\n");
		for (int i = 0; i < 23; i++) {
			csv.append("L").append(i).append(",08121").append(100000 + i).append('\n');
		}

		mvc.perform(multipart("/imports").file(file("many.csv", csv.toString())).with(csrf()))
			.andExpect(redirectedUrl("/imports/new"))
			.andExpect(flash().attribute("importError", "import.error.tooManyRows"))
			.andExpect(flash().attribute("importErrorArgs", new Object[] { 23, 20 }));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_uploads", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_rows", Integer.class)).isZero();

	}

	@Test
	void anotherUsersUploadIsNotFound() throws Exception {
		long id = upload("kontak.csv", FILE);
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) VALUES ('sari', 'Sari', 'x')");
		jdbc.update("UPDATE import_uploads SET staff_user_id = (SELECT id FROM staff_users WHERE username = 'sari')");
		try {
			mvc.perform(get("/imports/{id}", id)).andExpect(status().isNotFound());
			mvc.perform(post("/imports/{id}/confirm", id).with(csrf()))
				.andExpect(flash().attribute("importError", "import.error.notPending"));
		}
		finally {
			jdbc.update("DELETE FROM staff_users WHERE username = 'sari'");
		}
	}

	@Test
	void aVcardFileImportsToo() throws Exception {
		long id = upload("Contacts.vcf", """
				BEGIN:VCARD
				VERSION:3.0
				FN:Dewi Kartika
				TEL;TYPE=CELL:0812-1000-0009
				END:VCARD
				""");
		mvc.perform(get("/imports/{id}", id)).andExpect(content().string(containsString("New: 1")));

		mvc.perform(post("/imports/{id}/confirm", id).with(csrf()));

		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE phone = '6281210000009'", String.class))
			.isEqualTo("Dewi Kartika");
	}

	@Test
	void previewListsEveryNumberOfARowWithThePersonEachBelongsToAndTheImportGetsThemAll() throws Exception {
		long id = upload("iPhone.vcf", """
				BEGIN:VCARD
				VERSION:3.0
				FN:Rina Kartika
				TEL;type=WORK:021-555-0101
				TEL;type=CELL:0812-1000-0003
				item1.TEL:0812-1000-0002
				item1.X-ABLabel:_$!<Mobile>!$_
				TEL;type=HOME:12
				EMAIL;type=WORK:rina@kantor.example
				EMAIL;type=HOME:rina@rumah.example
				END:VCARD
				""");

		String page = mvc.perform(get("/imports/{id}", id))
			.andExpect(content().string(containsString("Merged: 1")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("+62 812-1000-0003", "+62 812-1000-0002", "already theirs", "belongs to",
				"href=\"/contacts/" + whatsappContact + "\">Pak WA</a>",
				"href=\"/contacts/" + completeContact + "\">Ibu Lengkap</a>", "added to them", "not a valid number",
				"rina@kantor.example", "rina@rumah.example");
		assertThat(page.indexOf("+62 812-1000-0003")).as("mobile numbers first")
			.isLessThan(page.indexOf("+62 812-1000-0002"));

		assertThat(uploads.importable(id, 0, 10)).singleElement().satisfies((row) -> {
			assertThat(RealExportsTests.labeled(row.phones())).containsExactly("+6281210000003 mobile",
					"+6281210000002 mobile", "+62215550101 work", "12 home");
			assertThat(RealExportsTests.labeled(row.emails())).containsExactly("rina@kantor.example work",
					"rina@rumah.example home");
		});
		mvc.perform(get("/imports/{id}", id).header("Accept-Language", "id"))
			.andExpect(content().string(containsString("milik")))
			.andExpect(content().string(containsString("ditambahkan ke kontak itu")));
	}

	private long upload(String name, String content) throws Exception {
		MvcResult result = mvc.perform(multipart("/imports").file(file(name, content)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", org.hamcrest.Matchers.matchesPattern("/imports/\\d+")))
			.andReturn();
		return Long.parseLong(result.getResponse().getRedirectedUrl().substring("/imports/".length()));
	}

	private static MockMultipartFile file(String name, String content) {
		return new MockMultipartFile("file", name, "text/csv", content.getBytes(StandardCharsets.UTF_8));
	}

	private long insert(String name, String phone, String source, String email) {
		jdbc.update(
				"INSERT INTO contacts (name, phone, email, source, lead_status, name_edited, created_at, "
						+ "updated_at) VALUES (?, ?, ?, ?, 'new', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				name, phone, email, source);
		return jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
	}

}
