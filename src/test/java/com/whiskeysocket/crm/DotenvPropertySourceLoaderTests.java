package com.whiskeysocket.crm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DotenvPropertySourceLoaderTests {

	@TempDir
	Path dir;

	@Test
	void quotedValuesLoseTheirQuotesAsWithDotenvTools() {
		Map<String, Object> values = DotenvPropertySourceLoader
			.parse(List.of("# a comment", "", "CRM_ADMIN_PASSWORD=\"correct horse battery\"", "SINGLE='a \\n b \"c\"'",
					"DOUBLE=\"a \\\"b\\\" \\\\ c\\nd\"  # trailing comment", "export BASE_URL=https://crm.example.test",
					"PLAIN = value with spaces # comment", "HASH=abc#def", "EMPTY=", "EMPTY_QUOTED=\"\"",
					"BACKSLASH=C:\\data\\crm"), ".env");

		assertThat(values).containsEntry("CRM_ADMIN_PASSWORD", "correct horse battery")
			.containsEntry("SINGLE", "a \\n b \"c\"")
			.containsEntry("DOUBLE", "a \"b\" \\ c\nd")
			.containsEntry("BASE_URL", "https://crm.example.test")
			.containsEntry("PLAIN", "value with spaces")
			.containsEntry("HASH", "abc#def")
			.containsEntry("EMPTY", "")
			.containsEntry("EMPTY_QUOTED", "")
			.containsEntry("BACKSLASH", "C:\\data\\crm");
	}

	@Test
	void aBrokenLineIsReportedByNumberWithoutItsValue() {
		assertThatIllegalStateException()
			.isThrownBy(() -> DotenvPropertySourceLoader.parse(List.of("OK=1", "secret-without-name"), ".env"))
			.withMessage(".env, line 2: expected NAME=value");
		assertThatIllegalStateException()
			.isThrownBy(() -> DotenvPropertySourceLoader.parse(List.of("PASSWORD=\"unclosed-secret"), ".env"))
			.withMessageNotContaining("unclosed-secret")
			.withMessageContaining("line 1");
	}

	@Test
	void theApplicationReadsItsEnvFileWithoutTheQuotes() throws IOException {
		Path envFile = dir.resolve(".env");
		Files.writeString(envFile, """
				MICROSOFT_CLIENT_SECRET="fake secret in quotes"
				CRM_DEFAULT_REGION='MY'
				""", StandardCharsets.UTF_8);
		ConfigurableEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("CRM_ENV_FILE", envFile.toString())));
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);

		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("crm.outlook.client-secret"))
				.isEqualTo("fake secret in quotes");
			assertThat(context.getEnvironment().getProperty("crm.contacts.default-region")).isEqualTo("MY");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
