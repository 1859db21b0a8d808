package com.whiskeysocket.crm.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class LinksAsWrittenIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Test
	void noFilterLooksUpEveryLinkAPageWritesAsAStaticResource() {
		@SuppressWarnings("rawtypes")
		Map<String, FilterRegistrationBean> registrations = context.getBeansOfType(FilterRegistrationBean.class);
		assertThat(registrations.values()
			.stream()
			.filter((registration) -> registration.getFilter() instanceof ResourceUrlEncodingFilter)).singleElement()
			.satisfies((registration) -> assertThat(registration.isEnabled()).isFalse());
		assertThat(context.getBeansOfType(ResourceUrlEncodingFilter.class)).isEmpty();
	}

	@Test
	void versionlessWebJarPathsStillServeBootstrapAndHtmx() throws Exception {
		mvc.perform(get("/webjars/bootstrap/css/bootstrap.min.css")).andExpect(status().isOk());
		mvc.perform(get("/webjars/bootstrap/js/bootstrap.bundle.min.js")).andExpect(status().isOk());
		mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
	}

	@Test
	@WithUserDetails("admin")
	void aPageLinksThemAsWritten() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/webjars/bootstrap/css/bootstrap.min.css\"")))
			.andExpect(content().string(containsString("href=\"/css/app.css\"")));
	}

}
