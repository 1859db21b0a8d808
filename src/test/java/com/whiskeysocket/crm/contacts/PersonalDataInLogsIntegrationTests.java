package com.whiskeysocket.crm.contacts;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;
import org.mockito.stubbing.Answer;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doReturn;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Phone numbers and email addresses never reach the log, whoever writes the line. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataInLogsIntegrationTests {

	private static final String PHONE = "6281234567001";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@MockitoSpyBean
	private People people;

	@BeforeEach
	void oneContact() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("INSERT INTO contacts (name, phone, email, source, lead_status, name_edited, created_at, "
				+ "updated_at) VALUES ('Rina Kusuma', ?, 'rina@example.com', 'whatsapp', 'new', TRUE, "
				+ "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", PHONE);
		// since issue 18 the number's own row is what makes it unique
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, is_primary, created_at) "
				+ "SELECT phone, id, TRUE, created_at FROM contacts");
	}

	@Test
	void aDuplicateRaceLogsNoPhoneNumber(CapturedOutput output) throws Exception {
		// the other save lands between the form's check and our insert (a spied service
		// is
		// a proxy: its default answer is the real one)
		Answer<?> real = Mockito.mockingDetails(people).getMockCreationSettings().getDefaultAnswer();
		doReturn(List.of()).doAnswer(real).when(people).checkPhones(any(), anyList());

		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Someone Else")
			.param("phone", "+62 812-3456-7001")
			.param("email", "someone.else@example.com")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This number already belongs to the contact “Rina Kusuma”")));

		// the database's own message about the broken
		// unique index reached the log, masked
		assertThat(output.getOut()).contains("6281••••••001").doesNotContain(PHONE).doesNotContain("81234567");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
	}

	@Test
	void anyLoggerAndAnyStackTraceIsMasked(CapturedOutput output) {
		LoggerFactory.getLogger("some.library")
			.warn("Could not send to {} at {}", "rina@example.com", "+62 812-3456-7001",
					new SQLException("Duplicate entry '" + PHONE + "' for key 'phone'",
							new IllegalStateException("caused by rina@example.com")));

		assertThat(output.getOut()).contains("Could not send to r•••@example.com at +62 81•-••••-•001")
			.contains("Duplicate entry '6281••••••001'")
			.contains("caused by r•••@example.com")
			.doesNotContain(PHONE)
			.doesNotContain("3456-7001")
			.doesNotContain("rina@example.com");
	}

}
