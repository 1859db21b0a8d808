package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;

import com.whiskeysocket.crm.testsupport.NameSearchIndex;

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
import static org.hamcrest.Matchers.stringContainsInOrder;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactPagesIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void emptyContacts() {
		jdbc.update("DELETE FROM contacts");
	}

	@Test
	void addedContactIsStoredNormalizedAndFoundByTheNumberAsDialled() throws Exception {
		add("Rina Kusuma", "0812-3456-7890").andExpect(redirectedUrlPattern("/contacts/*"))
			.andExpect(flash().attribute("flashMessage", "contact.added"));

		assertThat(jdbc.queryForObject("SELECT phone FROM contacts", String.class)).isEqualTo("6281234567890");
		assertThat(jdbc.queryForObject("SELECT source FROM contacts", String.class)).isEqualTo("manual");
		mvc.perform(get("/contacts").param("q", "081234"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Rina Kusuma")))
			.andExpect(content().string(containsString("+62 812-3456-7890")));
		mvc.perform(get("/contacts").param("q", "0899"))
			.andExpect(content().string(not(containsString("Rina Kusuma"))));
	}

	@Test
	void sameNumberWrittenDifferentlyIsRefusedAsDuplicate() throws Exception {
		add("Rina Kusuma", "0812-3456-7890");

		add("Someone Else", "+62 812 3456 7890").andExpect(status().isOk())
			.andExpect(content().string(containsString("This number already belongs to the contact “Rina Kusuma”")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
	}

	@Test
	void invalidOrMissingPhoneIsAFieldErrorNotAServerError() throws Exception {
		add("Nobody", "12").andExpect(status().isOk())
			.andExpect(content().string(containsString("This is not a valid phone number")));
		add("Nobody", "n/a").andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter a phone number")));
		add("", "0812-3456-7890").andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter a name")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
	}

	@Test
	void hostileNamesAreEscapedInTheTable() throws Exception {
		add("<script>alert(1)</script> Budi", "0811-2222-3333");

		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("&lt;script&gt;alert(1)&lt;/script&gt; Budi")))
			.andExpect(content().string(not(containsString("<script>alert(1)"))));
	}

	@Test
	void editKeepsTheNumberUniqueAndSavesChanges() throws Exception {
		add("Rina", "0812-3456-7890");
		add("Budi", "0811-2222-3333");
		long budi = jdbc.queryForObject("SELECT id FROM contacts WHERE name = 'Budi'", Long.class);

		mvc.perform(post("/contacts/{id}", budi).with(csrf())
			.param("name", "Budi")
			.param("phone", "081234567890")
			.param("leadStatus", "WON"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("already belongs to the contact “Rina”")));
		mvc.perform(post("/contacts/{id}", budi).with(csrf())
			.param("name", "Budi Santoso")
			.param("phone", "+62 811 2222 3333")
			.param("company", "PT Maju")
			.param("leadStatus", "WON")).andExpect(redirectedUrl("/contacts/" + budi));

		assertThat(jdbc.queryForMap("SELECT name, company, lead_status FROM contacts WHERE id = ?", budi))
			.containsEntry("name", "Budi Santoso")
			.containsEntry("company", "PT Maju")
			.containsEntry("lead_status", "won");
	}

	@Test
	void aNameChangedByHandIsMarkedSoSyncsKeepItAndThePageSaysSo() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina Kusuma', '6281234567890', 'outlook')");
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		mvc.perform(get("/contacts/{id}/edit", id)).andExpect(content().string(not(containsString("edited by hand"))));

		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Bu Rina (Jakarta)")
			.param("phone", "0812-3456-7890")
			.param("leadStatus", "NEW")
			.param("_keepName", "on")).andExpect(redirectedUrl("/contacts/" + id));

		assertThat(jdbc.queryForObject("SELECT name_edited FROM contacts", Boolean.class)).isTrue();
		mvc.perform(get("/contacts/{id}/edit", id))
			.andExpect(content().string(containsString("This name was edited by hand")));

		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Bu Rina (Jakarta)")
			.param("phone", "0812-3456-7890")
			.param("leadStatus", "NEW")
			.param("_keepName", "on")).andExpect(redirectedUrl("/contacts/" + id));
		assertThat(jdbc.queryForObject("SELECT name_edited FROM contacts", Boolean.class)).isFalse();
	}

	@Test
	void deleteAsksFirstThenDeletes() throws Exception {
		add("Rina", "0812-3456-7890");
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);

		mvc.perform(get("/contacts/{id}/delete", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Delete Rina (+62 812-3456-7890)?")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
		mvc.perform(post("/contacts/{id}/delete", id).with(csrf())).andExpect(redirectedUrl("/contacts"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
	}

	@Test
	void missingContactIsA404Page() throws Exception {
		mvc.perform(get("/contacts/999999/edit")).andExpect(status().isNotFound());
		mvc.perform(post("/contacts/999999/delete").with(csrf())).andExpect(status().isNotFound());
	}

	@Test
	void listFiltersBySourceSortsByNameAndPagesByFifty() throws Exception {
		for (int i = 0; i < 55; i++) {
			jdbc.update("INSERT INTO contacts (name, phone, source) VALUES (?, ?, ?)", "Person %02d".formatted(i),
					"62812000000%02d".formatted(i), (i % 5 == 0) ? "google" : "whatsapp");
		}
		mvc.perform(get("/contacts").param("sort", "name"))
			.andExpect(content().string(containsString("Page 1 of 2")))
			.andExpect(content().string(containsString("Person 00")))
			.andExpect(content().string(not(containsString("Person 54"))));
		mvc.perform(get("/contacts").param("sort", "name").param("page", "1"))
			.andExpect(content().string(containsString("Person 54")));
		mvc.perform(get("/contacts").param("source", "google"))
			.andExpect(content().string(containsString("1–11 of 11")));
	}

	@Test
	void nameSearchCountsFewMatchesExactlyAndPagesManyInListOrder() throws Exception {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 1_200; i++) {
			rows.add(new Object[] { "Person %04d".formatted(i), "62813%08d".formatted(i),
					java.time.LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(i) });
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, updated_at) VALUES (?, ?, ?)", rows);
		NameSearchIndex.rebuild(jdbc);

		mvc.perform(get("/contacts").param("q", "person 00"))
			.andExpect(content().string(containsString("1–50 of 100")))
			.andExpect(content().string(containsString("Page 1 of 2")))
			.andExpect(content().string(stringContainsInOrder("Person 0099", "Person 0098")));
		mvc.perform(get("/contacts").param("q", "Person"))
			.andExpect(content().string(containsString("1–50 of 1,200")))
			.andExpect(content().string(stringContainsInOrder("Person 1199", "Person 1198")));
		mvc.perform(get("/contacts").param("q", "Person").param("page", "23"))
			.andExpect(content().string(containsString("Person 0000")));
	}

	@Test
	void nonsenseQueryParametersStillRenderThePage() throws Exception {
		mvc.perform(get("/contacts").param("page", "abc").param("source", "fax").param("sort", "drop table"))
			.andExpect(status().isOk());
		mvc.perform(get("/contacts").param("q", "%_\\'\"")).andExpect(status().isOk());
	}

	@Test
	void indonesianVisitorsGetIndonesianText() throws Exception {
		mvc.perform(get("/contacts").header("Accept-Language", "id-ID,id;q=0.9"))
			.andExpect(content().string(containsString("Kontak &amp; Prospek")));
	}

	private ResultActions add(String name, String phone) throws Exception {
		return mvc.perform(post("/contacts").with(csrf())
			.param("name", name)
			.param("phone", phone)
			.param("email", "")
			.param("company", "")
			.param("leadStatus", "NEW")
			.param("notes", ""));
	}

}
