package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Two people (or a person and a sync) change one contact: the later save of a stale form
 * saves nothing and shows both versions until the person chooses.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactEditConflictIntegrationTests {

	private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactImport contactImport;

	private long id;

	@BeforeEach
	void oneContact() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("INSERT INTO contacts (name, phone, company, source) VALUES "
				+ "('Rina Kusuma', '6281234567890', 'PT Lama', 'manual')");
		id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
	}

	@Test
	void theSecondOfTwoEditsGetsTheConflictPageWithBothValuesAndNothingIsSaved() throws Exception {
		long ani = loadedVersion();
		long budi = loadedVersion();

		save(ani, "Rina (Ani)", "PT Ani").andExpect(redirectedUrl("/contacts/" + id));
		String conflict = save(budi, "Rina (Budi)", "PT Budi").andExpect(status().isConflict())
			.andExpect(content().string(containsString("Someone else saved this contact while you were editing")))
			.andExpect(content().string(containsString("Keep my version")))
			.andExpect(content().string(containsString("Use the current values")))
			.andReturn()
			.getResponse()
			.getContentAsString();

		// nothing of Budi's was saved
		assertThat(jdbc.queryForMap("SELECT name, company FROM contacts WHERE id = ?", id))
			.containsEntry("name", "Rina (Ani)")
			.containsEntry("company", "PT Ani");
		// both values side by side, Budi's input still in the form
		assertThat(conflict).contains("<span class=\"conflict-mine\">Rina (Budi)</span>")
			.contains("<span class=\"conflict-current\">Rina (Ani)</span>")
			.contains("<span class=\"conflict-mine\">PT Budi</span>")
			.contains("<span class=\"conflict-current\">PT Ani</span>")
			.contains("value=\"Rina (Budi)\"")
			.contains("value=\"PT Budi\"")
			.doesNotContain("conflict-phone");
		// the form now carries the current version: saving it again is "keep my version"
		long current = version(conflict);
		assertThat(current).isGreaterThan(budi);
		save(current, "Rina (Budi)", "PT Budi").andExpect(redirectedUrl("/contacts/" + id));
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("Rina (Budi)");
	}

	@Test
	void theConflictPageSpeaksIndonesian() throws Exception {
		long stale = loadedVersion();
		save(stale, "Rina (Ani)", "PT Ani");

		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.header("Accept-Language", "id")
			.param("name", "Rina (Budi)")
			.param("phone", "0812-3456-7890")
			.param("leadStatus", "NEW")
			.param("version", String.valueOf(stale)))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("Orang lain menyimpan kontak ini")))
			.andExpect(content().string(containsString("Pertahankan versi saya")));
	}

	@Test
	void aSyncBetweenLoadingAndSavingAlsoCausesAConflict() throws Exception {
		jdbc.update("UPDATE contacts SET company = NULL");
		long loaded = loadedVersion();
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		ImportCounts counts = contactImport.importPage(Provider.OUTLOOK, admin, 1,
				ImportPage.of(List.of(IncomingContact.simple("AAMk-1", "Rina Kusuma", null, null, "PT Outlook", null,
						List.of("0812-3456-7890"), "ck-1", "folder-1"))));
		assertThat(counts.merged() + counts.updated()).isOne();

		save(loaded, "Rina Kusuma", "PT Saya").andExpect(status().isConflict())
			.andExpect(content().string(containsString("<span class=\"conflict-current\">PT Outlook</span>")))
			.andExpect(content().string(containsString("<span class=\"conflict-mine\">PT Saya</span>")));
		assertThat(jdbc.queryForObject("SELECT company FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("PT Outlook");
	}

	@Test
	void aSyncThatChangesNothingLeavesTheVersionAlone() throws Exception {
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		IncomingContact same = IncomingContact.simple("AAMk-1", "Rina Kusuma", null, null, "PT Lama", null,
				List.of("0812-3456-7890"), "ck-1", "folder-1");
		contactImport.importPage(Provider.OUTLOOK, admin, 1, ImportPage.of(List.of(same)));
		long loaded = loadedVersion();

		ImportCounts again = contactImport.importPage(Provider.OUTLOOK, admin, 2, ImportPage.of(List.of(same)));

		assertThat(again.unchanged()).isOne();
		save(loaded, "Rina K.", "PT Lama").andExpect(redirectedUrl("/contacts/" + id));
	}

	@Test
	void aBulkChangeBetweenLoadingAndSavingCausesAConflict() throws Exception {
		long loaded = loadedVersion();
		mvc.perform(post("/contacts/bulk").with(csrf())
			.param("ids", String.valueOf(id))
			.param("action", "status")
			.param("newStatus", "won")).andExpect(status().is3xxRedirection());

		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Rina Kusuma")
			.param("phone", "0812-3456-7890")
			.param("leadStatus", "NEW")
			.param("version", String.valueOf(loaded)))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("<span class=\"conflict-mine\">New</span>")))
			.andExpect(content().string(containsString("<span class=\"conflict-current\">Won</span>")));
		assertThat(jdbc.queryForObject("SELECT lead_status FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("won");
	}

	@Test
	void anInPlaceStatusChangeAppliesToAStaleCopyButMakesAnOpenEditFormStale() throws Exception {
		long loaded = loadedVersion();
		// the page was loaded before someone else edited the contact: the status still
		// applies (one field, chosen while looking at it)
		save(loaded, "Rina (Ani)", "PT Ani").andExpect(redirectedUrl("/contacts/" + id));
		mvc.perform(post("/contacts/{id}/status", id).with(csrf()).header("HX-Request", "true").param("status", "won"))
			.andExpect(status().isOk());
		assertThat(jdbc.queryForMap("SELECT name, lead_status FROM contacts WHERE id = ?", id))
			.containsEntry("name", "Rina (Ani)")
			.containsEntry("lead_status", "won");

		long afterSave = loadedVersion();
		String admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", String.class);
		mvc.perform(post("/contacts/{id}/owner", id).with(csrf()).param("owner", admin))
			.andExpect(status().is3xxRedirection());
		save(afterSave, "Rina (Budi)", "PT Ani").andExpect(status().isConflict())
			.andExpect(header().doesNotExist("Location"));
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("Rina (Ani)");
	}

	@Test
	void theEditFormCarriesTheVersionItWasLoadedWith() throws Exception {
		long before = loadedVersion();
		save(before, "Rina K.", "PT Lama");
		assertThat(loadedVersion()).isEqualTo(before + 1);
		assertThat(jdbc.queryForObject("SELECT version FROM contacts WHERE id = ?", Long.class, id))
			.isEqualTo(before + 1);
		mvc.perform(get("/contacts/{id}/edit", id)).andExpect(content().string(not(containsString("edit-conflict"))));
	}

	private long loadedVersion() throws Exception {
		return version(mvc.perform(get("/contacts/{id}/edit", id))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private static long version(String page) {
		Matcher matcher = VERSION.matcher(page);
		assertThat(matcher.find()).as("the form's version field").isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private ResultActions save(long version, String name, String company) throws Exception {
		return mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", name)
			.param("phone", "0812-3456-7890")
			.param("company", company)
			.param("leadStatus", "NEW")
			.param("notes", "")
			.param("version", String.valueOf(version)));
	}

}
