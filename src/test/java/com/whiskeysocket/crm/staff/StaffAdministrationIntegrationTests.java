package com.whiskeysocket.crm.staff;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class StaffAdministrationIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private StaffRepository staff;

	@Autowired
	private StaffService staffService;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@Autowired
	private JdbcTemplate jdbc;

	/**
	 * The failed sign-ins these tests make from 127.0.0.1 must not delay the next test's
	 * sign-in (the throttle is shared by every class that reuses this context).
	 */
	@AfterEach
	void forgetFailedSignIns() {
		jdbc.update("DELETE FROM sign_in_throttle");
	}

	@Autowired
	private org.springframework.security.core.session.SessionRegistry sessionRegistry;

	@Test
	void firstStartCreatedTheAdminWithAPbkdf2Hash() {
		StaffUser admin = staff.findByUsername("admin").orElseThrow();
		assertThat(admin.getRole()).isEqualTo(Role.ADMIN);
		assertThat(admin.getPasswordHash()).startsWith("{pbkdf2@SpringSecurity_v5_8}");
		assertThat(passwordEncoder.matches("admin-password-for-tests", admin.getPasswordHash())).isTrue();
	}

	@Test
	@WithUserDetails("admin")
	void adminAddsStaffWhoCanSignInUntilDisabled() throws Exception {
		mvc.perform(post("/staff").with(csrf())
			.param("username", "sari")
			.param("displayName", "Sari Dewi")
			.param("password", "correct-horse-battery")
			.param("role", "STAFF")).andExpect(redirectedUrl("/staff"));
		mvc.perform(formLogin().user("sari").password("correct-horse-battery")).andExpect(redirectedUrl("/contacts"));
		// sessions live in the database: the registry reads them there, for every node
		assertThat(sessionRegistry.getAllSessions("sari", false)).hasSize(1);

		long id = staff.findByUsername("sari").orElseThrow().getId();
		mvc.perform(post("/staff/{id}/disable", id).with(csrf())).andExpect(redirectedUrl("/staff"));

		// her session, stored in the database, is gone for every node
		assertThat(sessionRegistry.getAllSessions("sari", false)).isEmpty();

		mvc.perform(formLogin().user("sari").password("correct-horse-battery"))
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	@WithUserDetails("admin")
	void anAccountAnAdminAddsMustChangeItsPasswordAtTheFirstSignIn() throws Exception {
		mvc.perform(post("/staff").with(csrf())
			.param("username", "tika")
			.param("displayName", "Tika Lestari")
			.param("password", "admin-chose-this-one")
			.param("role", "STAFF")).andExpect(redirectedUrl("/staff"));

		assertThat(staff.findByUsername("tika").orElseThrow().isMustChangePassword()).isTrue();
	}

	@Test
	void someoneAnAdminAddedChoosesTheirOwnPasswordBeforeAnythingElse() throws Exception {
		staffService.create(new StaffForm("yuni", "Yuni Astuti", "admin-chose-this-too", Role.STAFF));
		jakarta.servlet.http.Cookie session = mvc.perform(formLogin().user("yuni").password("admin-chose-this-too"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");

		mvc.perform(get("/contacts").cookie(session)).andExpect(redirectedUrl("/account/password"));
	}

	@Test
	@WithUserDetails("admin")
	void shortPasswordsAndTakenUsernamesAreFieldErrors() throws Exception {
		mvc.perform(post("/staff").with(csrf())
			.param("username", "admin")
			.param("displayName", "Second Admin")
			.param("password", "long-enough-password")
			.param("role", "ADMIN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This username is taken.")));
		mvc.perform(post("/staff").with(csrf())
			.param("username", "budi")
			.param("displayName", "Budi")
			.param("password", "short")
			.param("role", "STAFF"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Use between 12 and 128 characters.")));
	}

	@Test
	@WithUserDetails("admin")
	void anAdminChangesSomeonesRoleWhichEndsTheirSessionsAndIsAudited() throws Exception {
		staff.save(new StaffUser("ratna", "Ratna", passwordEncoder.encode("ratna-password-123"), Role.STAFF));
		mvc.perform(formLogin().user("ratna").password("ratna-password-123")).andExpect(redirectedUrl("/contacts"));
		long id = staff.findByUsername("ratna").orElseThrow().getId();

		mvc.perform(post("/staff/{id}/role", id).with(csrf()).param("role", "ADMIN"))
			.andExpect(redirectedUrl("/staff"))
			.andExpect(flash().attribute("flashMessage", "staff.roleChanged"));

		assertThat(staff.findById(id).orElseThrow().getRole()).isEqualTo(Role.ADMIN);
		assertThat(sessionRegistry.getAllSessions("ratna", false)).isEmpty();
		assertThat(jdbc.queryForObject(
				"SELECT CONCAT(actor, ' ', action, ' ', target, ' ', detail) FROM audit_events WHERE action = 'staff.role-changed'",
				String.class))
			.isEqualTo("admin staff.role-changed ratna staff → admin");
		jakarta.servlet.http.Cookie session = mvc.perform(formLogin().user("ratna").password("ratna-password-123"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		mvc.perform(get("/staff").cookie(session)).andExpect(status().isOk());
	}

	@Test
	@WithUserDetails("admin")
	void anAdminCannotChangeTheirOwnRoleAndAnUnknownRoleIsRefused() throws Exception {
		long id = staff.findByUsername("admin").orElseThrow().getId();
		mvc.perform(post("/staff/{id}/role", id).with(csrf()).param("role", "STAFF"))
			.andExpect(redirectedUrl("/staff"))
			.andExpect(flash().attribute("flashError", "staff.change.refused"));
		assertThat(staff.findById(id).orElseThrow().getRole()).isEqualTo(Role.ADMIN);
		mvc.perform(post("/staff/{id}/role", id).with(csrf()).param("role", "OWNER"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void aStaffMemberCannotChangeRoles() throws Exception {
		staff.save(new StaffUser("tono", "Tono", passwordEncoder.encode("tono-password-123"), Role.STAFF));
		jakarta.servlet.http.Cookie session = mvc.perform(formLogin().user("tono").password("tono-password-123"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		long id = staff.findByUsername("tono").orElseThrow().getId();
		mvc.perform(post("/staff/{id}/role", id).cookie(session).with(csrf()).param("role", "ADMIN"))
			.andExpect(status().isForbidden());
		assertThat(staff.findById(id).orElseThrow().getRole()).isEqualTo(Role.STAFF);
	}

	@Test
	@WithUserDetails("admin")
	void adminCannotDisableThemselves() throws Exception {
		long id = staff.findByUsername("admin").orElseThrow().getId();
		mvc.perform(post("/staff/{id}/disable", id).with(csrf())).andExpect(redirectedUrl("/staff"));
		assertThat(staff.findById(id).orElseThrow().isEnabled()).isTrue();
	}

	@Test
	void staffMembersCannotOpenTheStaffPage() throws Exception {
		staff.save(new StaffUser("agus", "Agus", passwordEncoder.encode("agus-password-123"), Role.STAFF));
		jakarta.servlet.http.Cookie session = mvc.perform(formLogin().user("agus").password("agus-password-123"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		mvc.perform(get("/staff").cookie(session)).andExpect(status().isForbidden());
		mvc.perform(get("/contacts").cookie(session)).andExpect(status().isOk());
	}

}
