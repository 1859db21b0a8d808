package com.whiskeysocket.crm.staff;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Passwords (length, policy, PBKDF2 and the bcrypt upgrade), changing one's own, an
 * admin's reset and the forced change after it, the disable confirmation, the 403 page
 * and where an expired session leads.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AccountsIntegrationTests {

	private static final String ADMIN_PASSWORD = "admin-password-for-tests";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private StaffRepository staff;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@Autowired
	private JdbcTemplate jdbc;

	/** The throttle is shared by every class that reuses this context. */
	@AfterEach
	void forgetFailedSignIns() {
		jdbc.update("DELETE FROM sign_in_throttle");
	}

	@Test
	void aOneHundredTwentyEightCharacterPasswordCreatesAnAccountThatSignsIn() throws Exception {
		Cookie admin = signIn("admin", ADMIN_PASSWORD);
		String ascii = "kopi-tubruk-".repeat(11).substring(0, 128);
		// 128 characters, 64 of them emoji: 384 bytes in UTF-8, far over bcrypt's 72
		String multiByte = "🙂".repeat(64)
				+ PasswordPolicyTests.firstCodePoints("kopi susu gula aren ñ é ü ğ ş ı 日本語 ".repeat(3), 64);
		for (Map.Entry<String, String> account : Map.of("sekar128", ascii, "tari128", multiByte).entrySet()) {
			mvc.perform(post("/staff").with(csrf())
				.cookie(admin)
				.param("username", account.getKey())
				.param("displayName", "Staff " + account.getKey())
				.param("password", account.getValue())
				.param("role", "STAFF")).andExpect(redirectedUrl("/staff"));
			assertThat(hashOf(account.getKey())).startsWith("{pbkdf2@SpringSecurity_v5_8}");
			mvc.perform(formLogin().user(account.getKey()).password(account.getValue()))
				.andExpect(redirectedUrl("/contacts"));
		}
	}

	@Test
	void oneHundredTwentyNineCharactersTheUsernameAndCommonPasswordsAreFieldErrors() throws Exception {
		Cookie admin = signIn("admin", ADMIN_PASSWORD);
		Map<String, String> refused = Map.of("k".repeat(65) + "q2".repeat(32), "Use between 12 and 128 characters.",
				"Vina12345678", "Do not use your username", "Password1234!", "one of the most common passwords",
				"abcabcabcabc", "one of the most common passwords");
		for (Map.Entry<String, String> attempt : refused.entrySet()) {
			mvc.perform(post("/staff").with(csrf())
				.cookie(admin)
				.param("username", "vina")
				.param("displayName", "Vina")
				.param("password", attempt.getKey())
				.param("role", "STAFF"))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString(attempt.getValue())))
				// the typed password is not sent back
				.andExpect(content().string(not(containsString(attempt.getKey()))));
		}
		assertThat(staff.findByUsername("vina")).isEmpty();
	}

	@Test
	void anOldBcryptAccountSignsInAndIsReEncodedWithPbkdf2() throws Exception {
		String password = "bcrypt-era-password";
		staff.findByUsername("lama").ifPresent(staff::delete);
		staff
			.save(new StaffUser("lama", "Lama", "{bcrypt}" + new BCryptPasswordEncoder().encode(password), Role.STAFF));

		mvc.perform(formLogin().user("lama").password(password)).andExpect(redirectedUrl("/contacts"));

		assertThat(hashOf("lama")).startsWith("{pbkdf2@SpringSecurity_v5_8}");
		assertThat(passwordEncoder.matches(password, hashOf("lama"))).isTrue();
		mvc.perform(formLogin().user("lama").password(password)).andExpect(redirectedUrl("/contacts"));
		// over 72 bytes against a bcrypt hash: a failed sign-in, not a 500
		staff.save(staff.findByUsername("lama").map((user) -> {
			user.rehash("{bcrypt}" + new BCryptPasswordEncoder().encode(password));
			return user;
		}).orElseThrow());
		refused("lama", "x".repeat(100));
	}

	@Test
	void everyoneChangesTheirOwnPassword() throws Exception {
		account("tari", "tari-first-password");
		Cookie session = signIn("tari", "tari-first-password");
		mvc.perform(get("/contacts").cookie(session))
			.andExpect(content().string(containsString("href=\"/account/password\"")));
		mvc.perform(get("/account/password").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Current password")));

		change(session, "wrong-current-password", "tari-second-password", "tari-second-password")
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This is not your current password.")));
		change(session, "tari-first-password", "tari-second-password", "tari-second-passwort")
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("The two new passwords differ.")));
		change(session, "tari-first-password", "tari123456789", "tari123456789").andExpect(status().isOk())
			.andExpect(content().string(containsString("Do not use your username")));
		change(session, "tari-first-password", "tari-first-password", "tari-first-password").andExpect(status().isOk())
			.andExpect(content().string(containsString("must differ from the current one")));
		assertThat(audit("password.changed", "tari")).isEmpty();

		change(session, "tari-first-password", "tari-second-password", "tari-second-password")
			.andExpect(redirectedUrl("/contacts"));
		mvc.perform(get("/contacts").cookie(session))
			.andExpect(content().string(containsString("Your password has been changed.")));

		assertThat(audit("password.changed", "tari")).singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("actor", "tari").containsEntry("detail", null));
		mvc.perform(formLogin().user("tari").password("tari-second-password")).andExpect(redirectedUrl("/contacts"));
		refused("tari", "tari-first-password");
	}

	@Test
	void anAdminResetGivesAOneTimePasswordThatMustBeChangedBeforeAnythingElse(CapturedOutput output) throws Exception {
		account("putri", "putri-own-password");
		Cookie putrisOldSession = signIn("putri", "putri-own-password");
		Cookie admin = signIn("admin", ADMIN_PASSWORD);
		long id = staff.findByUsername("putri").orElseThrow().getId();

		mvc.perform(get("/staff/{id}/reset-password", id).cookie(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Give Putri (putri) a one-time password?")));
		MvcResult reset = mvc.perform(post("/staff/{id}/reset-password", id).with(csrf()).cookie(admin))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", containsString("no-store")))
			.andReturn();
		Matcher shown = Pattern.compile("id=\"one-time-password\">([^<]+)<")
			.matcher(reset.getResponse().getContentAsString());
		assertThat(shown.find()).isTrue();
		String oneTime = shown.group(1);
		assertThat(oneTime).matches("[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}");

		// who reset whom, never the password; nor in the log
		assertThat(audit("password.reset", "putri")).singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("actor", "admin").containsEntry("detail", null));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE detail LIKE ? OR target LIKE ?",
				Integer.class, "%" + oneTime + "%", "%" + oneTime + "%"))
			.isZero();
		assertThat(output.getAll()).doesNotContain(oneTime);
		// her open session ended; her own password no longer works
		mvc.perform(get("/contacts").cookie(putrisOldSession)).andExpect(redirectedUrl("/login?expired"));
		refused("putri", "putri-own-password");

		Cookie session = signIn("putri", oneTime);
		mvc.perform(get("/contacts").cookie(session)).andExpect(redirectedUrl("/account/password"));
		mvc.perform(get("/sync/history").cookie(session)).andExpect(redirectedUrl("/account/password"));
		mvc.perform(post("/contacts").with(csrf()).cookie(session).param("name", "Sneaky").param("phone", "0812"))
			.andExpect(redirectedUrl("/account/password"));
		mvc.perform(get("/api/outlook/sync-status").cookie(session))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("application/json"))
			.andExpect(jsonPath("$.error").value("password_change_required"));
		mvc.perform(get("/account/password").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Choose your own password before you go on.")))
			.andExpect(content().string(containsString("One-time password (from the admin)")))
			.andExpect(content().string(not(containsString("id=\"nav-contacts\""))));

		change(session, oneTime, "putri-chose-this-one", "putri-chose-this-one").andExpect(redirectedUrl("/contacts"));
		mvc.perform(get("/contacts").cookie(session)).andExpect(status().isOk());
		mvc.perform(get("/api/outlook/sync-status").cookie(session)).andExpect(status().isOk());
		assertThat(staff.findByUsername("putri").orElseThrow().isMustChangePassword()).isFalse();
		refused("putri", oneTime);
	}

	@Test
	void anAdminCannotResetTheirOwnPasswordThatWay() throws Exception {
		Cookie admin = signIn("admin", ADMIN_PASSWORD);
		long id = staff.findByUsername("admin").orElseThrow().getId();
		mvc.perform(post("/staff/{id}/reset-password", id).with(csrf()).cookie(admin))
			.andExpect(redirectedUrl("/staff"));
		assertThat(staff.findByUsername("admin").orElseThrow().isMustChangePassword()).isFalse();
	}

	@Test
	void disablingAsksForConfirmationFirst() throws Exception {
		account("oki", "oki-own-password-1");
		long id = staff.findByUsername("oki").orElseThrow().getId();
		Cookie admin = signIn("admin", ADMIN_PASSWORD);
		mvc.perform(get("/staff").cookie(admin))
			.andExpect(content().string(containsString("href=\"/staff/" + id + "/disable\"")));
		mvc.perform(get("/staff/{id}/disable", id).cookie(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Disable Oki (oki)?")))
			.andExpect(content().string(containsString("action=\"/staff/" + id + "/disable\"")));
		assertThat(staff.findByUsername("oki").orElseThrow().isEnabled()).isTrue();
		mvc.perform(post("/staff/{id}/disable", id).with(csrf()).cookie(admin)).andExpect(redirectedUrl("/staff"));
		assertThat(staff.findByUsername("oki").orElseThrow().isEnabled()).isFalse();
	}

	@Test
	void aStaffMemberOpeningAnAdminPageGetsThe403Page() throws Exception {
		account("joko", "joko-own-password-1");
		Cookie session = signIn("joko", "joko-own-password-1");
		for (String page : List.of("/staff", "/audit", "/staff/1/reset-password")) {
			mvc.perform(get(page).cookie(session).accept("application/json"))
				.andExpect(status().isForbidden())
				.andExpect(forwardedUrl("/forbidden"));
		}
		mvc.perform(get("/forbidden").cookie(session))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(content().string(containsString("Your account may not open this page.")))
			.andExpect(content().string(containsString("id=\"nav-contacts\"")));
		mvc.perform(get("/forbidden").cookie(session).header("Accept-Language", "id"))
			.andExpect(content().string(containsString("Tidak diizinkan")));
	}

	@Test
	void aFormSentWithAnExpiredSessionReturnsToTheFormAfterSignInSayingItWasNotSaved() throws Exception {
		account("rudi", "rudi-own-password-1");
		long contact = contact("Nila Expired", "6281355550001");
		Cookie session = signIn("rudi", "rudi-own-password-1");
		expireSessionsOf("rudi");

		MvcResult post = mvc
			.perform(post("/contacts/{id}", contact).cookie(session)
				.header("Referer", "http://localhost/contacts/" + contact + "/edit")
				.param("_csrf", "token-of-the-ended-session")
				.param("name", "Nila Changed")
				.param("phone", "6281355550001"))
			.andExpect(redirectedUrl("/login?expired&notSaved"))
			.andReturn();
		assertThat(name(contact)).isEqualTo("Nila Expired");
		Cookie fresh = post.getResponse().getCookie("SESSION");
		mvc.perform(get("/login?expired&notSaved").cookie(fresh))
			.andExpect(content().string(containsString("what you sent was not saved")));

		MvcResult signedIn = mvc
			.perform(post("/login").with(csrf())
				.cookie(fresh)
				.param("username", "rudi")
				.param("password", "rudi-own-password-1"))
			.andExpect(redirectedUrl("/contacts/" + contact + "/edit"))
			.andReturn();
		Cookie after = cookieOr(signedIn, fresh);
		mvc.perform(get("/contacts/{id}/edit", contact).cookie(after))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Your session had ended, so what you sent was not saved.")));
	}

	@Test
	void aFormSentFromElsewhereWithAnExpiredSessionReturnsToTheList() throws Exception {
		account("rudi", "rudi-own-password-1");
		Cookie session = signIn("rudi", "rudi-own-password-1");
		expireSessionsOf("rudi");
		MvcResult post = mvc
			.perform(post("/contacts").cookie(session)
				.header("Referer", "https://evil.example/contacts/new")
				.param("name", "X"))
			.andExpect(redirectedUrl("/login?expired&notSaved"))
			.andReturn();
		Cookie fresh = post.getResponse().getCookie("SESSION");
		mvc.perform(post("/login").with(csrf())
			.cookie(fresh)
			.param("username", "rudi")
			.param("password", "rudi-own-password-1")).andExpect(redirectedUrl("/contacts"));
	}

	@Test
	void aPageOpenedWithAnExpiredSessionReturnsToThatPageAfterSignIn() throws Exception {
		account("rudi", "rudi-own-password-1");
		Cookie session = signIn("rudi", "rudi-own-password-1");
		expireSessionsOf("rudi");
		MvcResult page = mvc.perform(get("/sync/history").cookie(session))
			.andExpect(redirectedUrl("/login?expired"))
			.andReturn();
		Cookie fresh = page.getResponse().getCookie("SESSION");
		mvc.perform(post("/login").with(csrf())
			.cookie(fresh)
			.param("username", "rudi")
			.param("password", "rudi-own-password-1")).andExpect(redirectedUrl("/sync/history?continue"));
	}

	@Test
	void anExpiredSessionOnTheApiOrAnHtmxRequestIsNeverARedirect() throws Exception {
		account("rudi", "rudi-own-password-1");
		long contact = contact("Nila Htmx", "6281355550002");
		Cookie session = signIn("rudi", "rudi-own-password-1");
		expireSessionsOf("rudi");
		mvc.perform(post("/api/outlook/sync-contacts").cookie(session).header("X-CSRF-TOKEN", "ended"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("session_expired"));
		mvc.perform(post("/contacts/{id}/status", contact).cookie(session)
			.header("HX-Request", "true")
			.header("X-CSRF-TOKEN", "ended")
			.header("Referer", "http://localhost/contacts/" + contact)
			.param("status", "won"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("HX-Redirect", "/login?expired&notSaved"));
	}

	@Test
	void anHtmxRequestWithAnExpiredSessionSendsThePageToSignInAndIsNotTheWayBack() throws Exception {
		account("rudi", "rudi-own-password-1");
		Cookie session = signIn("rudi", "rudi-own-password-1");
		expireSessionsOf("rudi");
		MvcResult fragment = mvc.perform(get("/contacts").cookie(session).header("HX-Request", "true"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("HX-Redirect", "/login?expired"))
			.andReturn();
		Cookie fresh = cookieOr(fragment, session);
		mvc.perform(post("/login").with(csrf())
			.cookie(fresh)
			.param("username", "rudi")
			.param("password", "rudi-own-password-1")).andExpect(redirectedUrl("/contacts"));
	}

	@Test
	void aFormFromBeforeTheLastSignInReturnsToTheFormSayingItWasNotSaved() throws Exception {
		account("rudi", "rudi-own-password-1");
		long contact = contact("Nila Stale", "6281355550003");
		Cookie session = signIn("rudi", "rudi-own-password-1");
		mvc.perform(post("/contacts/{id}", contact).cookie(session)
			.header("Referer", "http://localhost/contacts/" + contact + "/edit")
			.param("_csrf", "token-of-an-earlier-session")
			.param("name", "Nila Changed")
			.param("phone", "6281355550003")).andExpect(redirectedUrl("/contacts/" + contact + "/edit"));
		assertThat(name(contact)).isEqualTo("Nila Stale");
		mvc.perform(get("/contacts/{id}/edit", contact).cookie(session))
			.andExpect(content().string(containsString("so what you sent was not saved. Enter it again.")));
	}

	private org.springframework.test.web.servlet.ResultActions change(Cookie session, String current,
			String newPassword, String confirm) throws Exception {
		return mvc.perform(post("/account/password").with(csrf())
			.cookie(session)
			.param("currentPassword", current)
			.param("newPassword", newPassword)
			.param("confirmPassword", confirm));
	}

	/**
	 * A sign-in that must fail; its failure is then forgotten, or the throttle would make
	 * the test's next sign-in wait.
	 */
	private void refused(String username, String password) throws Exception {
		mvc.perform(formLogin().user(username).password(password)).andExpect(redirectedUrl("/login?error"));
		forgetFailedSignIns();
	}

	private Cookie signIn(String username, String password) throws Exception {
		Cookie cookie = mvc.perform(formLogin().user(username).password(password))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		assertThat(cookie).as("signed in as " + username).isNotNull();
		return cookie;
	}

	private static Cookie cookieOr(MvcResult result, Cookie fallback) {
		Cookie cookie = result.getResponse().getCookie("SESSION");
		return (cookie != null) ? cookie : fallback;
	}

	/** As a session timeout would: the session store no longer has it. */
	private void expireSessionsOf(String username) {
		assertThat(jdbc.update("DELETE FROM spring_session WHERE principal_name = ?", username)).isPositive();
	}

	private void account(String username, String password) {
		StaffUser user = staff.findByUsername(username)
			.orElseGet(() -> new StaffUser(username, Character.toUpperCase(username.charAt(0)) + username.substring(1),
					passwordEncoder.encode(password), Role.STAFF));
		user.changePassword(passwordEncoder.encode(password));
		user.enable();
		staff.save(user);
	}

	private long contact(String name, String phone) {
		jdbc.update("DELETE FROM contacts WHERE phone = ?", phone);
		jdbc.update("INSERT INTO contacts (name, phone) VALUES (?, ?)", name, phone);
		return jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
	}

	private String name(long contact) {
		return jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, contact);
	}

	private String hashOf(String username) {
		return staff.findByUsername(username).orElseThrow().getPasswordHash();
	}

	private List<Map<String, Object>> audit(String action, String target) {
		return jdbc.queryForList("SELECT actor, detail FROM audit_events WHERE action = ? AND target = ?", action,
				target);
	}

}
