package com.whiskeysocket.crm.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The guides under Help: the user guides for everyone signed in, the operators' guides
 * ({@code docs/production.md}, {@code docs/deploy.md}) for admins only.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HelpIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private UserDetailsService accounts;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void staffMember() {
		if (jdbc.queryForObject("SELECT COUNT(*) FROM staff_users WHERE username = 'helpreader'", Integer.class) == 0) {
			jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) "
					+ "VALUES ('helpreader', 'Help Reader', 'x', 'STAFF')");
		}
	}

	@Test
	void adminsReadTheOperatorsGuidesUnderHelp() throws Exception {
		mvc.perform(get("/help/production").with(as("admin")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Running the CRM in production")));
		mvc.perform(get("/help/deploy").with(as("admin")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Several app nodes")))
			.andExpect(content().string(containsString("option redispatch")));
		mvc.perform(get("/help/user-guide").with(as("admin")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"help-production\"")))
			.andExpect(content().string(containsString("href=\"/help/deploy\"")));
	}

	@Test
	void staffWhoAreNotAdminsDoNotSeeTheOperatorsGuides() throws Exception {
		mvc.perform(get("/help/production").with(as("helpreader"))).andExpect(status().isNotFound());
		mvc.perform(get("/help/deploy").with(as("helpreader"))).andExpect(status().isNotFound());
		mvc.perform(get("/help/user-guide").with(as("helpreader")))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("/help/production"))));
	}

	private RequestPostProcessor as(String username) {
		return user(accounts.loadUserByUsername(username));
	}

}
