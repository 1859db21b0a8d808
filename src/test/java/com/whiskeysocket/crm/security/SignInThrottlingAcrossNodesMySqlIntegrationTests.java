package com.whiskeysocket.crm.security;

import com.whiskeysocket.crm.staff.StaffAccounts;
import com.whiskeysocket.crm.staff.Role;
import org.springframework.context.ApplicationContext;
import java.sql.Timestamp;
import java.time.Instant;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;

/**
 * Two application nodes on one MariaDB/MySQL: failures counted on either node add up, and
 * a lock taken on one is honoured by the other.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
class SignInThrottlingAcrossNodesMySqlIntegrationTests {

	private static final String PASSWORD = "two-nodes-test-password";

	@Autowired
	private MockMvc nodeA;

	@Autowired
	private JdbcTemplate jdbc;

	private ConfigurableApplicationContext secondNode;

	private MockMvc nodeB;

	private StaffAccounts accounts;

	@Autowired
	void accounts(ApplicationContext context) {
		this.accounts = new StaffAccounts(context);
	}

	@BeforeEach
	void startSecondNode() {
		forget();
		accounts.createIfMissing("two-nodes", "Two Nodes", PASSWORD, Role.STAFF);
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		// arguments, not default properties: those
		// would lose to the test profile's in-memory H2
		secondNode = new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password());
		nodeB = MockMvcBuilders.webAppContextSetup((WebApplicationContext) secondNode).apply(springSecurity()).build();
	}

	@AfterEach
	void stopSecondNode() {
		if (secondNode != null) {
			secondNode.close();
		}
		forget();
	}

	@Test
	void failuresOnBothNodesAddUpToOneLockThatBothHonour() throws Exception {
		for (int i = 1; i <= 5; i++) {
			timePasses();
			signIn((i % 2 == 0) ? nodeB : nodeA, "wrong-" + i).andExpect(redirectedUrl("/login?error"));
		}
		signIn(nodeA, PASSWORD).andExpect(redirectedUrlPattern("/login?locked=*"));
		signIn(nodeB, PASSWORD).andExpect(redirectedUrlPattern("/login?locked=*"));

		timePasses();
		signIn(nodeB, PASSWORD).andExpect(redirectedUrl("/contacts"));
	}

	private ResultActions signIn(MockMvc node, String password) throws Exception {
		return node.perform(post("/login").param("username", "two-nodes")
			.param("password", password)
			.with(csrf())
			.with((request) -> {
				request.setRemoteAddr("198.51.100.77");
				return request;
			}));
	}

	private void timePasses() {
		jdbc.update("UPDATE sign_in_throttle SET locked_until = ? WHERE throttle_key IN (?, ?)",
				Timestamp.from(Instant.now().minusSeconds(1)), "account:two-nodes", "address:198.51.100.77");
	}

	private void forget() {
		jdbc.update("DELETE FROM sign_in_throttle WHERE throttle_key IN (?, ?)", "account:two-nodes",
				"address:198.51.100.77");
	}

}
