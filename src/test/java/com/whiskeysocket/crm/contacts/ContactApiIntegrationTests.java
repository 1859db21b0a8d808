package com.whiskeysocket.crm.contacts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.whiskeysocket.crm.testsupport.NameSearchIndex;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The contacts JSON API as a script with a token and a page's script with its session use
 * it: every status code, the JSON's fields, and the rules of the forms.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ContactApiIntegrationTests {

	private static final Pattern TOKEN = Pattern.compile("wsc_[A-Za-z0-9_-]{43}");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private UserDetailsService users;

	private long wulan;

	private String token;

	@BeforeEach
	void staffAndNoContacts() throws Exception {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM api_tokens");
		jdbc.update("DELETE FROM staff_users WHERE username IN ('wulan', 'yusuf')");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) VALUES ('wulan', 'Wulan', 'x')");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) VALUES ('yusuf', 'Yusuf', 'x')");
		wulan = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'wulan'", Long.class);
		token = token("wulan");
	}

	@Test
	void aScriptAddsAContactWithItsTokenAndReadsItBack() throws Exception {
		String location = send(post("/api/contacts"),
				"{\"name\": \"Rina Kusuma\", \"phones\": [{\"number\": \"0812-3456-7890\", \"label\": \"mobile\", "
						+ "\"primary\": true}], \"emails\": [{\"address\": \"rina@example.com\", \"primary\": true}], "
						+ "\"company\": \"PT Maju\", \"leadStatus\": \"contacted\"}")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", containsString("/api/contacts/")))
			.andExpect(header().string("ETag", matchesPattern("\"[0-9]+\"")))
			.andExpect(header().doesNotExist("Set-Cookie"))
			.andExpect(jsonPath("$.name").value("Rina Kusuma"))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		assertThat(location).endsWith("/api/contacts/" + id);
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts", String.class)).isEqualTo("6281234567890");

		long version = jdbc.queryForObject("SELECT version FROM contacts", Long.class);
		mvc.perform(get(location).header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(header().string("ETag", "\"" + version + "\""))
			.andExpect(jsonPath("$.id").value(id))
			.andExpect(jsonPath("$.name").value("Rina Kusuma"))
			.andExpect(jsonPath("$.phone").value("6281234567890"))
			.andExpect(jsonPath("$.phones", hasSize(1)))
			.andExpect(jsonPath("$.phones[0].number").value("+6281234567890"))
			.andExpect(jsonPath("$.phones[0].primary").value(true))
			.andExpect(jsonPath("$.phones[0].sources", contains("manual")))
			.andExpect(jsonPath("$.emails[0].address").value("rina@example.com"))
			.andExpect(jsonPath("$.emails[0].primary").value(true))
			.andExpect(jsonPath("$.company").value("PT Maju"))
			.andExpect(jsonPath("$.leadStatus").value("contacted"))
			// a contact added through the API belongs to whoever added it, as in the form
			.andExpect(jsonPath("$.owner").value("wulan"))
			.andExpect(jsonPath("$.sources", contains("manual")))
			.andExpect(jsonPath("$.identities", hasSize(0)))
			.andExpect(jsonPath("$.version").value(version))
			.andExpect(jsonPath("$.createdAt").isString())
			.andExpect(jsonPath("$.updatedAt").isString());
	}

	@Test
	void everyWrongFieldIsNamedAtOnceAndNothingIsSaved() throws Exception {
		send(post("/api/contacts"),
				"{\"name\": \" \u200b\", \"phones\": [{\"number\": \"12\"}], \"emails\": [\"not-an-address\"], "
						+ "\"leadStatus\": \"WARM\", \"owner\": \"nobody-here\", \"colour\": \"red\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_contact"))
			.andExpect(jsonPath("$.errors.leadStatus").value("Use one of: new, contacted, qualified, won, lost."))
			.andExpect(jsonPath("$.errors.colour").value("There is no such field."))
			.andExpect(jsonPath("$.errors.name").value("Enter a name (visible letters or digits)."))
			.andExpect(jsonPath("$.errors['phones[0].number']", containsString("This is not a valid phone number")))
			.andExpect(jsonPath("$.errors['emails[0].address']").value("This is not a valid email address."))
			.andExpect(jsonPath("$.errors.owner").value("No staff member has this username."));
		send(post("/api/contacts"), "{\"name\": \"No Number\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.phones").value("Enter a phone number."));
		send(post("/api/contacts"), "{\"name\": \"Old Style\", \"phone\": \"0812-3456-7890\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.phone", containsString("send the numbers as phones")));
		send(post("/api/contacts"), "{\"name\": 5, \"phones\": \"0812\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.name").value("Send text (a JSON string) here."))
			.andExpect(jsonPath("$.errors.phones").value("Send a list (JSON array) here."));
		send(post("/api/contacts"), "{not json").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_contact"))
			.andExpect(jsonPath("$.errors.body").exists());
		send(post("/api/contacts"), "[]").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.body").value("Send a JSON object here."));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
	}

	@Test
	void errorsAreInTheCallersLanguage() throws Exception {
		send(post("/api/contacts").header("Accept-Language", "id"), "{\"name\": \"\", \"phones\": []}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.phones").value(containsString("nomor")));
	}

	@Test
	void aNumberThatBelongsToAnotherContactIsAConflictNamingIt() throws Exception {
		long rina = insert("Rina", "6281234567890");

		send(post("/api/contacts"), "{\"name\": \"Someone\", \"phones\": [{\"number\": \"+62 812 3456 7890\"}]}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("number_taken"))
			.andExpect(jsonPath("$.id").value(rina))
			.andExpect(jsonPath("$.message").value("This number already belongs to the contact “Rina”."))
			.andExpect(jsonPath("$.errors", hasKey("phones[0].number")));
		long budi = insert("Budi", "6281122223333");
		send(patch("/api/contacts/{id}", budi), "{\"phones\": [\"0812 3456 7890\"]}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.id").value(rina));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE id = ?", String.class, budi))
			.isEqualTo("6281122223333");
	}

	@Test
	void patchChangesOnlyTheFieldsSentAtTheVersionRead() throws Exception {
		long id = insert("Budi", "6281122223333");
		jdbc.update("UPDATE contacts SET company = 'PT Maju', email = 'budi@example.com', owner_id = ? WHERE id = ?",
				wulan, id);
		jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, is_primary, created_at) "
				+ "VALUES (?, 'budi@example.com', 'budi@example.com', TRUE, CURRENT_TIMESTAMP)", id);
		long version = jdbc.queryForObject("SELECT version FROM contacts WHERE id = ?", Long.class, id);

		send(patch("/api/contacts/{id}", id).header("If-Match", "\"" + version + "\""),
				"{\"leadStatus\": \"won\", \"owner\": null}")
			.andExpect(status().isOk())
			.andExpect(header().string("ETag", "\"" + (version + 1) + "\""))
			.andExpect(jsonPath("$.leadStatus").value("won"))
			.andExpect(jsonPath("$.owner").value(nullValue()))
			.andExpect(jsonPath("$.name").value("Budi"))
			.andExpect(jsonPath("$.company").value("PT Maju"))
			.andExpect(jsonPath("$.emails[0].address").value("budi@example.com"))
			.andExpect(jsonPath("$.version").value(version + 1));

		// the version read before that change is stale now: nothing is saved
		send(patch("/api/contacts/{id}", id).header("If-Match", "\"" + version + "\""), "{\"name\": \"Stale\"}")
			.andExpect(status().isPreconditionFailed())
			.andExpect(jsonPath("$.error").value("version_mismatch"))
			.andExpect(jsonPath("$.version").value(version + 1))
			.andExpect(header().string("ETag", "\"" + (version + 1) + "\""));
		send(patch("/api/contacts/{id}", id).header("If-Match", "W/\"" + (version + 1) + "\""), "{\"name\": \"Weak\"}")
			.andExpect(status().isPreconditionFailed());
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, id)).isEqualTo("Budi");

		// without If-Match the change applies to whatever is stored; a new name is kept
		// by
		// syncs, as one typed into the form
		send(patch("/api/contacts/{id}", id),
				"{\"name\": \"Budi Santoso\", \"company\": null, \"emails\": [], "
						+ "\"phones\": [{\"number\": \"0811-2222-4444\", \"label\": \"work\"}]}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Budi Santoso"))
			.andExpect(jsonPath("$.company").value(nullValue()))
			.andExpect(jsonPath("$.emails", hasSize(0)))
			.andExpect(jsonPath("$.phone").value("6281122224444"))
			.andExpect(jsonPath("$.leadStatus").value("won"));
		assertThat(jdbc.queryForObject("SELECT name_edited FROM contacts WHERE id = ?", Boolean.class, id)).isTrue();
	}

	@Test
	void aContactReadBeforeMaySentBackWhole() throws Exception {
		long id = insert("Budi", "6281122223333");
		String read = mvc.perform(get("/api/contacts/{id}", id).header("Authorization", "Bearer " + token))
			.andReturn()
			.getResponse()
			.getContentAsString();

		send(patch("/api/contacts/{id}", id).header("If-Match", "\"0\""), read.replace("\"Budi\"", "\"Budi S\""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Budi S"));
	}

	@Test
	void unknownContactsAreNotFound() throws Exception {
		mvc.perform(get("/api/contacts/{id}", 999_999).header("Authorization", "Bearer " + token))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value("not_found"));
		mvc.perform(get("/api/contacts/abc").header("Authorization", "Bearer " + token))
			.andExpect(status().isNotFound());
		send(patch("/api/contacts/{id}", 999_999), "{\"name\": \"X\"}").andExpect(status().isNotFound());
		mvc.perform(delete("/api/contacts/{id}", 999_999).header("Authorization", "Bearer " + token))
			.andExpect(status().isNotFound());
	}

	@Test
	void deleteAnswersNoContentAndHonoursIfMatch() throws Exception {
		long id = insert("Budi", "6281122223333");

		mvc.perform(
				delete("/api/contacts/{id}", id).header("Authorization", "Bearer " + token).header("If-Match", "\"7\""))
			.andExpect(status().isPreconditionFailed());
		mvc.perform(
				delete("/api/contacts/{id}", id).header("Authorization", "Bearer " + token).header("If-Match", "\"0\""))
			.andExpect(status().isNoContent());
		mvc.perform(delete("/api/contacts/{id}", id).header("Authorization", "Bearer " + token))
			.andExpect(status().isNotFound());
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
		assertThat(
				jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE action = 'contact.deleted' AND target = ?",
						Integer.class, "contact " + id))
			.isOne();
	}

	@Test
	void aContactHasEveryNumberAndEmailWithLabelsAndOnePrimary() throws Exception {
		long id = idOf(send(post("/api/contacts"), "{\"name\": \"Rina\", \"phones\": ["
				+ "{\"number\": \"0812-3456-7890\", \"label\": \"Mobile\"}, "
				+ "{\"number\": \"+62 21 5550 1234\", \"label\": \"kantor\", \"primary\": true}, "
				+ "{\"number\": \"0811-2222-3333\", \"label\": \"Toko Pasar Baru\"}, \"0813-9999-0000\"], "
				+ "\"emails\": [\"rina@example.com\", {\"address\": \"Rina@Work.example\", \"label\": \"work\", "
				+ "\"primary\": true}]}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.phone").value("622155501234"))
			.andExpect(jsonPath("$.phones[*].number",
					contains("+622155501234", "+6281122223333", "+6281234567890", "+6281399990000")))
			.andExpect(jsonPath("$.phones[*].label", contains("work", "Toko Pasar Baru", "mobile", null)))
			.andExpect(jsonPath("$.phones[*].primary", contains(true, false, false, false)))
			.andExpect(jsonPath("$.phones[0].sources", contains("manual")))
			.andExpect(jsonPath("$.emails[*].address", contains("Rina@Work.example", "rina@example.com")))
			.andExpect(jsonPath("$.emails[0].primary").value(true)));
		assertThat(jdbc.queryForObject("SELECT email FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("Rina@Work.example");

		// the lists given replace the lists: a number left out goes and may be someone
		// else's
		send(patch("/api/contacts/{id}", id),
				"{\"phones\": [{\"number\": \"0812-3456-7890\", \"primary\": true}, "
						+ "\"+62 21 5550 1234\"], \"emails\": []}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.phone").value("6281234567890"))
			.andExpect(jsonPath("$.phones[*].number", contains("+6281234567890", "+622155501234")))
			// replaced: a number sent without a label has none
			.andExpect(jsonPath("$.phones[1].label").value(nullValue()))
			.andExpect(jsonPath("$.emails", hasSize(0)));
		send(post("/api/contacts"), "{\"name\": \"Budi\", \"phones\": [\"0811-2222-3333\"]}")
			.andExpect(status().isCreated());
		assertThat(jdbc.queryForObject("SELECT email FROM contacts WHERE id = ?", String.class, id)).isNull();
	}

	@Test
	void aSecondNumberOfAnotherContactIsAConflictAndTwoPrimariesAreAnError() throws Exception {
		long budi = insert("Budi", "6281122223333");

		send(post("/api/contacts"), "{\"name\": \"Rina\", \"phones\": [\"0812-3456-7890\", \"0811 2222 3333\"]}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.id").value(budi))
			.andExpect(jsonPath("$.errors", hasKey("phones[1].number")));
		send(post("/api/contacts"), "{\"name\": \"Rina\", \"phones\": [{\"number\": \"0812-3456-7890\", "
				+ "\"primary\": true}, {\"number\": \"0813-1111-2222\", \"primary\": true}, {\"number\": \"x1\"}], "
				+ "\"emails\": [\"ok@example.com\", \"nope\"]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.phones").value("Mark one of them as primary, not several."))
			.andExpect(jsonPath("$.errors['phones[2].number']", containsString("not a valid phone number")))
			.andExpect(jsonPath("$.errors['emails[1].address']").value("This is not a valid email address."));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_phones", Integer.class)).isOne();
	}

	@Test
	void sourcesAndIdentitiesSayWhatKnowsTheContact() throws Exception {
		long id = insert("Budi", "6281122223333");
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES ('6281122223333', 'outlook', ?, CURRENT_TIMESTAMP)", wulan);
		jdbc.update(
				"INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
						+ "last_seen_at) VALUES (?, ?, 'outlook', 'AAMk-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				id, wulan);

		mvc.perform(get("/api/contacts/{id}", id).header("Authorization", "Bearer " + token))
			.andExpect(jsonPath("$.sources", contains("manual", "outlook")))
			.andExpect(jsonPath("$.phones[0].sources", contains("manual", "outlook")))
			.andExpect(jsonPath("$.identities[0].provider").value("outlook"))
			.andExpect(jsonPath("$.identities[0].staff").value("wulan"))
			.andExpect(jsonPath("$.identities[0].externalId").value("AAMk-1"));
	}

	@Test
	void theListFiltersPagesAndSaysHowManyMatch() throws Exception {
		for (int i = 0; i < 5; i++) {
			insert("Agus " + i, "62811000000" + i);
		}
		long siti = insert("Siti", "6281299998888");
		jdbc.update("UPDATE contacts SET lead_status = 'won', owner_id = ? WHERE id = ?", wulan, siti);
		NameSearchIndex.rebuild(jdbc);

		list("").andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(6))
			.andExpect(jsonPath("$.items", hasSize(6)));
		list("?q=agus&size=2&page=1&sort=name").andExpect(jsonPath("$.total").value(5))
			.andExpect(jsonPath("$.items[*].name", contains("Agus 2", "Agus 3")))
			.andExpect(jsonPath("$.page").value(1))
			.andExpect(jsonPath("$.size").value(2))
			.andExpect(jsonPath("$.totalCapped").value(false));
		list("?q=0812-9999").andExpect(jsonPath("$.items[*].name", contains("Siti")));
		list("?status=won&owner=me&source=manual").andExpect(jsonPath("$.items[*].name", contains("Siti")));
		list("?owner=wulan").andExpect(jsonPath("$.items[*].name", contains("Siti")));
		list("?owner=none").andExpect(jsonPath("$.total").value(5));
		list("?size=201&page=-1&source=fax&status=warm&owner=nobody-here&sort=age").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.size").value("Use a whole number from 1 to 200."))
			.andExpect(jsonPath("$.errors.page").exists())
			.andExpect(jsonPath("$.errors.source").exists())
			.andExpect(jsonPath("$.errors.status").exists())
			.andExpect(jsonPath("$.errors.owner").exists())
			.andExpect(jsonPath("$.errors.sort").exists());
		list("?size=200").andExpect(status().isOk());
	}

	@Test
	void aPagesScriptUsesItsSessionAndTheCsrfHeader() throws Exception {
		RequestPostProcessor signedIn = user(users.loadUserByUsername("wulan"));
		String body = "{\"name\": \"Rina\", \"phones\": [\"0812-3456-7890\"]}";

		mvc.perform(post("/api/contacts").with(signedIn).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("csrf_token_invalid"));
		mvc.perform(post("/api/contacts").with(signedIn)
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isCreated());
		mvc.perform(get("/api/contacts").with(signedIn)).andExpect(jsonPath("$.total").value(1));
	}

	@Test
	void withoutATokenOrSessionTheApiAnswers401() throws Exception {
		mvc.perform(get("/api/contacts")).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/contacts").header("Authorization", "Bearer wsc_nope"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void staffChangeEveryonesContacts() throws Exception {
		long yusufs = insert("Yusuf's lead", "6281133334444");
		jdbc.update("UPDATE contacts SET owner_id = (SELECT id FROM staff_users WHERE username = 'yusuf') WHERE id = ?",
				yusufs);

		send(patch("/api/contacts/{id}", yusufs), "{\"leadStatus\": \"lost\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.owner").value("yusuf"));
	}

	@Test
	void theOpenApiDescriptionHasTheContactsApi() throws Exception {
		mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths", hasKey("/api/contacts")))
			.andExpect(jsonPath("$.paths", hasKey("/api/contacts/{id}")))
			.andExpect(jsonPath("$.paths['/api/contacts'].post.responses", hasKey("201")))
			.andExpect(jsonPath("$.paths['/api/contacts/{id}'].patch.responses", hasKey("412")))
			.andExpect(jsonPath("$.components.schemas", hasKey("Contact")))
			.andExpect(jsonPath("$.components.schemas", hasKey("ContactInput")));
	}

	private ResultActions send(MockHttpServletRequestBuilder request, String json) throws Exception {
		return mvc.perform(request.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private long idOf(ResultActions created) throws Exception {
		String location = created.andReturn().getResponse().getHeader("Location");
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

	private ResultActions list(String query) throws Exception {
		return mvc.perform(get("/api/contacts" + query).header("Authorization", "Bearer " + token));
	}

	/** A contact typed in by hand with one number, as the forms save it. */
	private long insert(String name, String phone) {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'manual')", name, phone);
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP)", phone, id);
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES (?, 'manual', 0, CURRENT_TIMESTAMP)", phone);
		return id;
	}

	private String token(String username) throws Exception {
		String page = mvc
			.perform(post("/account/tokens").with(user(users.loadUserByUsername(username)))
				.with(csrf())
				.param("name", "contacts script")
				.param("expiry", "DAYS_30"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher matcher = TOKEN.matcher(page);
		assertThat(matcher.find()).isTrue();
		return matcher.group();
	}

}
