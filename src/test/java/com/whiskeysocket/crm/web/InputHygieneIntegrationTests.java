package com.whiskeysocket.crm.web;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class InputHygieneIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	@WithUserDetails("admin")
	void aFieldSentTwiceIsRefusedAndNothingIsSaved() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Twice", "Again")
			.param("phone", "0812-7777-0001")
			.param("leadStatus", "NEW")).andExpect(status().isBadRequest());
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE phone = '6281277770001'", Integer.class))
			.isZero();
	}

	@Test
	@WithUserDetails("admin")
	void anUnknownLeadStatusIsAFieldErrorThatSaysWhy() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Unknown Status")
			.param("phone", "0812-7777-0002")
			.param("leadStatus", "BOGUS"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Choose one of the listed lead statuses.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE phone = '6281277770002'", Integer.class))
			.isZero();
	}

	@Test
	@WithUserDetails("admin")
	void anUnknownLeadStatusOnAnEditIsAFieldErrorToo() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Edited Status")
			.param("phone", "0812-7777-0003")
			.param("leadStatus", "NEW"));
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281277770003'", Long.class);
		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Edited Status")
			.param("phone", "0812-7777-0003")
			.param("leadStatus", "BOGUS"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Choose one of the listed lead statuses.")));
		assertThat(jdbc.queryForObject("SELECT lead_status FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("new");
	}

	@Test
	@WithUserDetails("admin")
	void anUnknownRoleIsAFieldErrorThatSaysWhy() throws Exception {
		mvc.perform(post("/staff").with(csrf())
			.param("username", "rolebogus")
			.param("displayName", "Role Bogus")
			.param("password", "a-long-enough-password")
			.param("role", "ROOT"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Choose one of the listed roles.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_users WHERE username = 'rolebogus'", Integer.class))
			.isZero();
	}

	@Test
	void theCsrfTokenIsTakenFromTheHeaderOrTheBodyButNeverFromTheQueryString() throws Exception {
		Cookie session = mvc.perform(formLogin().user("admin").password("admin-password-for-tests"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		String page = mvc.perform(get("/contacts").cookie(session)).andReturn().getResponse().getContentAsString();
		String token = page.replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");

		mvc.perform(post("/api/outlook/disconnect?_csrf=" + token).cookie(session))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("csrf_token_invalid"));
		mvc.perform(post("/api/outlook/disconnect").cookie(session).header("X-CSRF-TOKEN", token))
			.andExpect(status().is2xxSuccessful());
		mvc.perform(post("/api/outlook/disconnect").cookie(session)
			.contentType("application/x-www-form-urlencoded")
			.content("_csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)))
			.andExpect(status().is2xxSuccessful());
	}

	@Test
	@WithUserDetails("admin")
	void aNameOfZeroWidthCharactersOnlyIsAFieldErrorInEnglishAndIndonesian() throws Exception {
		String invisible = "\u200B\u200C\u200D\u2060\uFEFF \u00A0";
		mvc.perform(post("/contacts").with(csrf())
			.param("name", invisible)
			.param("phone", "0812-7777-0003")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter a name (visible letters or digits).")));
		mvc.perform(post("/contacts").with(csrf())
			.header("Accept-Language", "id")
			.param("name", "\u202E\u0007\u202C")
			.param("phone", "0812-7777-0003")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Isi nama (dengan huruf atau angka yang terlihat).")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE phone = '6281277770003'", Integer.class))
			.isZero();
	}

	@Test
	@WithUserDetails("admin")
	void controlCharactersBidiOverridesAndZeroWidthCharactersAreRemovedAndTextIsStoredNfc() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "\u202EJose\u0301\u0007 Kusuma\u202C\u200B")
			.param("phone", "0812-7777-0004")
			.param("company", "PT\u2066 Maju\u2069\u0000\tJaya")
			.param("email", "jose\u200B@example.com")
			.param("notes", "Line one\r\nLine\ttwo\u001B\u202E end")
			.param("leadStatus", "NEW")).andExpect(status().is3xxRedirection());

		java.util.Map<String, Object> row = jdbc
			.queryForMap("SELECT id, name, company, email, notes FROM contacts WHERE phone = '6281277770004'");
		assertThat(row).containsEntry("name", "Jos\u00E9 Kusuma")
			.containsEntry("company", "PT Maju Jaya")
			.containsEntry("email", "jose@example.com")
			.containsEntry("notes", "Line one\nLine\ttwo end");

		mvc.perform(post("/contacts/{id}/notes", row.get("id")).with(csrf())
			.param("body", "\u202Etouq a tnaw\u202C\r\nCall\u0008 back Rene\u0301"))
			.andExpect(status().is3xxRedirection());
		assertThat(
				jdbc.queryForObject("SELECT body FROM contact_notes WHERE contact_id = ?", String.class, row.get("id")))
			.isEqualTo("touq a tnaw\nCall back Ren\u00E9");
	}

	@Test
	@WithUserDetails("admin")
	void aStaffDisplayNameIsCleanedAndOneWithNothingVisibleIsRefused() throws Exception {
		mvc.perform(post("/staff").with(csrf())
			.param("username", "hygiene.invisible")
			.param("displayName", "\u200B\u200B\u2067")
			.param("password", "a-long-enough-password")
			.param("role", "STAFF"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter a name (visible letters or digits).")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_users WHERE username = 'hygiene.invisible'",
				Integer.class))
			.isZero();

		mvc.perform(post("/staff").with(csrf())
			.param("username", "hygiene.sari")
			.param("displayName", "Sari\u202E nimda\u202C\u0007")
			.param("password", "a-long-enough-password")
			.param("role", "STAFF")).andExpect(status().is3xxRedirection());
		assertThat(jdbc.queryForObject("SELECT display_name FROM staff_users WHERE username = 'hygiene.sari'",
				String.class))
			.isEqualTo("Sari nimda");
	}

}
