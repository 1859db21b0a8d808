package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One rule for duplicate suggestions ({@link DuplicateFinder#crowded}): the same people,
 * one after another, get the same suggestions whether they came by a sync (a page each)
 * or were added one by one by hand.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DuplicateRuleIntegrationTests {

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private UserDetailsService users;

	@Autowired
	private JdbcTemplate jdbc;

	private long staffId;

	@BeforeEach
	void clean() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@ParameterizedTest(name = "{0} people sharing {1} {2} / {3}: {4} suggestions")
	@CsvSource(delimiter = '|', textBlock = """
			2 | email | info@maju.example |         | 1
			5 | email | info@maju.example |         | 10
			6 | email | info@maju.example |         | 10
			7 | email | info@maju.example |         | 10
			2 | name  | Rina Wijaya       |         | 1
			5 | name  | Rina              | PT Maju | 10
			6 | name  | Rina              | PT Maju | 10
			3 | name  | Budi              |         | 0
			""")
	void theSamePeopleGetTheSameSuggestionsBySyncOrByHand(int people, String kind, String value, String company,
			int expected) throws Exception {
		for (int i = 0; i < people; i++) {
			String name = kind.equals("name") ? value : "Person " + (char) ('A' + i);
			String email = kind.equals("email") ? value : null;
			contactImport.importPage(Provider.OUTLOOK, staffId, 1, ImportPage.of(List.of(IncomingContact
				.simple("AAMk-" + i, name, null, null, company, email, List.of("0812-2222-000" + i), "ck", "f"))));
		}
		List<String> bySync = suggestions();
		clean();

		for (int i = 0; i < people; i++) {
			String name = kind.equals("name") ? value : "Person " + (char) ('A' + i);
			String json = "{\"name\": \"" + name + "\", \"phones\": [{\"number\": \"0812-2222-000" + i
					+ "\", \"primary\": true}]" + (kind.equals("email")
							? ", \"emails\": [{\"address\": \"" + value + "\", \"primary\": true}]" : "")
					+ ((company != null) ? ", \"company\": \"" + company + "\"" : "") + "}";
			mvc.perform(post("/api/contacts").with(user(users.loadUserByUsername("admin")))
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content(json)).andExpect(status().isCreated());
		}
		List<String> byHand = suggestions();

		assertThat(bySync).hasSize(expected);
		assertThat(byHand).isEqualTo(bySync);
	}

	/**
	 * The open suggestions, each contact named by its place in the order they came (its
	 * number's last digit).
	 */
	private List<String> suggestions() {
		List<String> pairs = new ArrayList<>(jdbc
			.query("SELECT a.phone AS pa, b.phone AS pb, d.reason FROM contact_duplicates d JOIN contacts a ON a.id = "
					+ "d.contact_a JOIN contacts b ON b.id = d.contact_b WHERE d.dismissed_at IS NULL", (rs, n) -> {
						TreeSet<String> pair = new TreeSet<>(
								List.of(rs.getString("pa").substring(12), rs.getString("pb").substring(12)));
						return pair + " " + rs.getString("reason");
					}));
		pairs.sort(null);
		return pairs;
	}

}
