package com.whiskeysocket.crm.imports;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The contact list exported as CSV and as vCard and imported back into an empty CRM keeps
 * every number and email with its label, and which one is primary.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ExportImportRoundTripIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void twoPeopleWithManyNumbers() throws Exception {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM import_uploads");
		// four numbers, one with a label of its own, one with none; three emails
		create("""
				{"name": "Budi Santoso", "company": "PT Maju",
				 "phones": [{"number": "0812-3456-7890", "label": "mobile", "primary": true},
				            {"number": "021-555-0101", "label": "work"},
				            {"number": "0813-1111-2222", "label": "Gudang Cikarang"},
				            {"number": "0274-555-0102", "label": "home fax"}],
				 "emails": [{"address": "budi@kantor.example", "label": "work", "primary": true},
				            {"address": "budi@rumah.example", "label": "home"},
				            {"address": "budi@toko.example", "label": "Toko online"}]}
				""");
		// no mobile: the primary is the work number, a main number besides
		create("""
				{"name": "Siti Ñurhaliza",
				 "phones": [{"number": "021-555-0202", "label": "main"},
				            {"number": "021-555-0201", "label": "work", "primary": true}],
				 "emails": [{"address": "siti@example.com", "primary": true}]}
				""");
	}

	@Test
	void aCsvExportImportedBackKeepsEveryNumberEmailAndLabel() throws Exception {
		List<String> phones = phones();
		List<String> emails = emails();
		assertThat(phones).hasSize(6);

		byte[] csv = export("csv");
		String text = new String(csv, StandardCharsets.UTF_8);
		assertThat(text)
			.contains("Phone 4 - Label,Phone 4 - Value,E-mail 1 - Label,E-mail 1 - Value,"
					+ "E-mail 2 - Label,E-mail 2 - Value,E-mail 3 - Label,E-mail 3 - Value\r\n")
			.contains("* Mobile,+6281234567890,")
			.contains("Gudang Cikarang,+6281311112222,")
			.contains("* Work,budi@kantor.example,Home,budi@rumah.example,Toko online,budi@toko.example");
		jdbc.update("DELETE FROM contacts");
		importBack("contacts.csv", csv);

		assertThat(phones()).containsExactlyInAnyOrderElementsOf(phones);
		assertThat(emails()).containsExactlyInAnyOrderElementsOf(emails);
	}

	@Test
	void aVcardExportImportedBackKeepsEveryNumberEmailAndLabel() throws Exception {
		List<String> phones = phones();
		List<String> emails = emails();

		byte[] vcf = export("vcard");
		assertThat(new String(vcf, StandardCharsets.UTF_8)).contains("TEL;TYPE=cell,pref:+6281234567890")
			.contains("TEL;TYPE=home,fax:+622745550102")
			.contains("item1.TEL:+6281311112222\r\nitem1.X-ABLabel:Gudang Cikarang")
			.contains("EMAIL;TYPE=internet,work,pref:budi@kantor.example");
		jdbc.update("DELETE FROM contacts");
		importBack("contacts.vcf", vcf);

		assertThat(phones()).containsExactlyInAnyOrderElementsOf(phones);
		// a vCard address with no TYPE reads as "other", as every vCard's does
		assertThat(emails()).containsExactlyInAnyOrderElementsOf(emails.stream()
			.map((email) -> email.replace("siti@example.com null", "siti@example.com other"))
			.toList());
	}

	@Test
	void anUnlabelledNumberStaysUnlabelledThroughCsv() throws Exception {
		create("""
				{"name": "Tanpa Label", "phones": [{"number": "0815-0000-0001", "primary": true},
				                                   {"number": "0815-0000-0002"}]}
				""");
		List<String> phones = phones();

		byte[] csv = export("csv");
		jdbc.update("DELETE FROM contacts");
		importBack("contacts.csv", csv);

		assertThat(phones()).containsExactlyInAnyOrderElementsOf(phones)
			.contains("Tanpa Label 6281500000001 null primary", "Tanpa Label 6281500000002 null");
	}

	private void create(String json) throws Exception {
		mvc.perform(post("/api/contacts").contentType(MediaType.APPLICATION_JSON).content(json).with(csrf()))
			.andExpect(status().isCreated());
	}

	private byte[] export(String format) throws Exception {
		return mvc.perform(get("/contacts/export").param("format", format))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
	}

	private void importBack(String name, byte[] file) throws Exception {
		String location = mvc
			.perform(multipart("/imports").file(new MockMultipartFile("file", name, "text/plain", file)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		mvc.perform(post(location + "/confirm").with(csrf())).andExpect(status().is3xxRedirection());
		mvc.perform(get(location)).andExpect(content().string(containsString("Import finished.")));
	}

	/** "name digits label [primary]" for every number. */
	private List<String> phones() {
		return jdbc.query(
				"SELECT c.name, p.phone, p.label, p.is_primary FROM contact_phones p "
						+ "JOIN contacts c ON c.id = p.contact_id",
				(rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)
						+ (rs.getBoolean(4) ? " primary" : ""));
	}

	/** "name address label [primary]" for every email. */
	private List<String> emails() {
		return jdbc.query(
				"SELECT c.name, e.email, e.label, e.is_primary FROM contact_emails e "
						+ "JOIN contacts c ON c.id = e.contact_id",
				(rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)
						+ (rs.getBoolean(4) ? " primary" : ""));
	}

}
