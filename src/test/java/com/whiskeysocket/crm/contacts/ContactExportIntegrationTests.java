package com.whiskeysocket.crm.contacts;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import com.whiskeysocket.crm.testsupport.NameSearchIndex;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Export of the list's filter or of a selection, as CSV (UTF-8 with BOM, numbers in E.164
 * with {@code +}) and vCard 3.0, with a dated file name and an audit entry.
 */
@SpringBootTest(properties = "crm.display.time-zone=Asia/Jakarta")
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactExportIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private long budi;

	private long siti;

	@BeforeEach
	void contacts() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM audit_events");
		budi = insert("Budi Santoso", "6281234567890", "qualified", "budi@example.com", "PT \"Maju\", Jaya");
		siti = insert("Siti Ñurhaliza", "6281311112222", "new", null, null);
		insert("=HYPERLINK(\"http://evil.example\")", "6281399990000", "won", null, null);
	}

	@Test
	void exportsTheFilteredListAsCsvWithByteOrderMarkAndE164Numbers() throws Exception {
		String today = LocalDate.now(ZoneId.of("Asia/Jakarta")).toString();
		MvcResult result = mvc.perform(get("/contacts/export").param("format", "csv").param("status", "qualified"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"contacts-" + today + ".csv\""))
			.andReturn();
		byte[] body = result.getResponse().getContentAsByteArray();
		assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
		List<CSVRecord> records = csv(body);

		assertThat(records).hasSize(2);
		assertThat(records.get(0).values()).containsExactly(ContactExport.header(1, 1));
		assertThat(records.get(1).values()).startsWith("Budi Santoso", "+6281234567890", "budi@example.com",
				"PT \"Maju\", Jaya", "qualified", "Administrator", "manual");
		assertThat(jdbc.queryForMap("SELECT target, detail FROM audit_events WHERE action = 'contacts.exported'"))
			.containsEntry("target", "csv")
			.containsEntry("detail", "1 contacts");
	}

	@Test
	void aTextThatASpreadsheetWouldRunAsAFormulaIsWrittenAsText() throws Exception {
		List<CSVRecord> records = csv(mvc.perform(get("/contacts/export").param("format", "csv").param("status", "won"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray());

		assertThat(records.get(1).get(0)).isEqualTo("'=HYPERLINK(\"http://evil.example\")");
		assertThat(records.get(1).get(1)).isEqualTo("+6281399990000");
	}

	@Test
	void exportsTheTickedContactsAsVcards() throws Exception {
		MvcResult result = mvc
			.perform(post("/contacts/bulk").param("export", "vcard")
				.param("ids", String.valueOf(budi), String.valueOf(siti))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "text/vcard;charset=UTF-8"))
			.andReturn();
		String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
		List<VCard> cards = Ezvcard.parse(body).all();

		assertThat(body).contains("VERSION:3.0");
		assertThat(cards).extracting((card) -> card.getFormattedName().getValue())
			.containsExactly("Budi Santoso", "Siti Ñurhaliza");
		assertThat(cards.get(0).getTelephoneNumbers().get(0).getText()).isEqualTo("+6281234567890");
		assertThat(cards.get(0).getEmails().get(0).getValue()).isEqualTo("budi@example.com");
		assertThat(cards.get(0).getOrganization().getValues()).containsExactly("PT \"Maju\", Jaya");
		assertThat(
				jdbc.queryForObject("SELECT detail FROM audit_events WHERE action = 'contacts.exported'", String.class))
			.isEqualTo("2 contacts");
	}

	@Test
	void exportsAllMatchingFromTheBulkBar() throws Exception {
		NameSearchIndex.rebuild(jdbc);
		List<CSVRecord> records = csv(mvc
			.perform(post("/contacts/bulk").param("export", "csv")
				.param("allMatching", "true")
				.param("q", "Siti")
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsByteArray());

		assertThat(records).extracting((r) -> r.get(0)).containsExactly("name", "Siti Ñurhaliza");
	}

	@Test
	void exportingNothingTickedSaysSo() throws Exception {
		mvc.perform(post("/contacts/bulk").param("export", "csv").param("q", "x").with(csrf()))
			.andExpect(redirectedUrl("/contacts?q=x"))
			.andExpect(flash().attribute("flashError", "bulk.nothingSelected"));
	}

	@Test
	void aContactKnownOnlyByAWhatsAppLidIsExportedWithoutANumber() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source, lead_status, created_at, updated_at) "
				+ "VALUES ('Lid Only', NULL, 'whatsapp', 'new', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
		long lid = jdbc.queryForObject("SELECT id FROM contacts WHERE name = 'Lid Only'", Long.class);

		List<CSVRecord> records = csv(mvc
			.perform(post("/contacts/bulk").param("export", "csv").param("ids", String.valueOf(lid)).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsByteArray());
		String vcard = mvc
			.perform(post("/contacts/bulk").param("export", "vcard").param("ids", String.valueOf(lid)).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);

		assertThat(records.get(1).get(0)).isEqualTo("Lid Only");
		assertThat(records.get(1).get("phone".equals(records.get(0).get(1)) ? 1 : -1)).isEmpty();
		assertThat(String.join(",", records.get(1).values())).doesNotContain("null");
		assertThat(vcard).contains("FN:Lid Only").doesNotContain("TEL").doesNotContain("null");
	}

	@Test
	void anUnknownFormatIsABadRequest() throws Exception {
		mvc.perform(get("/contacts/export").param("format", "xlsx")).andExpect(status().isBadRequest());
	}

	private static List<CSVRecord> csv(byte[] body) throws Exception {
		String text = new String(body, StandardCharsets.UTF_8).substring(1);
		return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
	}

	private long insert(String name, String phone, String status, String email, String company) {
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("INSERT INTO contacts (name, phone, email, company, source, lead_status, name_edited, owner_id, "
				+ "created_at, updated_at) VALUES (?, ?, ?, ?, 'manual', ?, TRUE, ?, CURRENT_TIMESTAMP, "
				+ "CURRENT_TIMESTAMP)", name, phone, email, company, status, admin);
		return jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
	}

}
