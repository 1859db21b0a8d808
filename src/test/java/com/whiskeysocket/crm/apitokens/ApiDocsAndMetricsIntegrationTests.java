package com.whiskeysocket.crm.apitokens;

import com.whiskeysocket.crm.staff.StaffAccounts;
import com.whiskeysocket.crm.staff.Role;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import org.springframework.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The OpenAPI description and the actuator on the app's own port (no management port):
 * metrics for admins only.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApiDocsAndMetricsIntegrationTests {

	@Autowired
	private MockMvc mvc;

	private StaffAccounts accounts;

	@Autowired
	void accounts(ApplicationContext context) {
		this.accounts = new StaffAccounts(context);
	}

	@Test
	void theOpenApiDescriptionListsTheApiWithTheBearerScheme() throws Exception {
		mvc.perform(get("/v3/api-docs").with(as("admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openapi").exists())
			.andExpect(jsonPath("$.paths", hasKey("/api/sync/runs/{id}")))
			.andExpect(jsonPath("$.paths", hasKey("/api/outlook/sync-status")))
			.andExpect(jsonPath("$.paths", hasKey("/api/outlook/sync-contacts")))
			.andExpect(jsonPath("$.paths", hasKey("/api/google/sync-status")))
			.andExpect(jsonPath("$.paths", hasKey("/api/google/write-back")))
			.andExpect(jsonPath("$.paths", not(hasKey("/api/{provider}/write-back"))))
			.andExpect(jsonPath("$.paths", not(hasKey("/contacts"))))
			.andExpect(jsonPath("$.paths", not(hasKey("/account/tokens"))))
			.andExpect(jsonPath("$.components.securitySchemes.apiToken.scheme").value("bearer"))
			.andExpect(jsonPath("$.security[0]", hasKey("apiToken")))
			// the signed-in person is not a parameter a script sends
			.andExpect(content().string(not(containsString("StaffPrincipal"))));
	}

	@Test
	void theOpenApiDescriptionIsReadWithATokenAndNotAnonymously() throws Exception {
		mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unauthorized"));
		String page = mvc
			.perform(post("/account/tokens").with(as("admin"))
				.with(csrf())
				.param("name", "docs reader")
				.param("expiry", "DAYS_30"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		java.util.regex.Matcher token = java.util.regex.Pattern.compile("wsc_[A-Za-z0-9_-]{43}").matcher(page);
		org.assertj.core.api.Assertions.assertThat(token.find()).isTrue();
		mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer " + token.group()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths", hasKey("/api/sync/runs/{id}")));
		mvc.perform(get("/v3/api-docs.yaml").header("Authorization", "Bearer " + token.group()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/api/sync/runs/{id}:")));
		mvc.perform(get("/v3/api-docs.yaml")).andExpect(status().isUnauthorized());
	}

	@Test
	void metricsAreForAdminsOnly() throws Exception {
		mvc.perform(get("/actuator/prometheus")).andExpect(redirectedUrl("/login"));
		mvc.perform(get("/actuator/prometheus").with(as(staffMember()))).andExpect(status().isForbidden());
		mvc.perform(get("/actuator/prometheus").with(as("admin")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("jvm_memory_used_bytes")))
			.andExpect(content().string(containsString("http_server_requests")));
		// health stays public for load balancers, with no details
		mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
		mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
	}

	private String staffMember() {
		accounts.createIfMissing("metrik", "Metrik", "metrics-test-password", Role.STAFF);
		return "metrik";
	}

	private RequestPostProcessor as(String username) {
		return user(accounts.principal(username));
	}

}
