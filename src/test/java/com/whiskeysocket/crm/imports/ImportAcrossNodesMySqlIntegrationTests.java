package com.whiskeysocket.crm.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview made on one node, confirmed on another: two instances of the application on
 * one MariaDB/MySQL, nothing of the upload kept in either JVM.
 */
@ExtendWith(RequiresMySqlDatabase.class)
class ImportAcrossNodesMySqlIntegrationTests {

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startTwoNodes() {
		a = node("node-a");
		b = node("node-b");
	}

	@AfterAll
	static void stopNodes() {
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { a, b }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void aPreviewMadeOnOneNodeIsConfirmedOnAnother() throws Exception {
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		jdbc.update("DELETE FROM import_uploads");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM sync_accounts");
		jdbc.update("DELETE FROM contacts");
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		byte[] file = "nama;hp\nBudi;0812-1000-0001\nSiti;0812-1000-0002\nBudi lagi;0812-1000-0001\n"
			.getBytes(StandardCharsets.UTF_8);

		long uploadId = a.getBean(ImportService.class)
			.upload(admin, "kontak.csv", file.length, new ByteArrayInputStream(file));
		ImportService onB = b.getBean(ImportService.class);
		assertThat(onB.rows(uploadId, ImportService.Show.ALL, 0)).extracting(PreviewRow::outcome)
			.containsExactly(RowOutcome.NEW, RowOutcome.NEW, RowOutcome.DUPLICATE);
		onB.confirm(uploadId, admin);

		Map<String, Object> run = awaitRun(jdbc);
		assertThat(run).containsEntry("status", "succeeded")
			.containsEntry("node_id", "node-b")
			.containsEntry("added", 2)
			.containsEntry("duplicates", 1);
		ImportUploads.Upload seenFromA = a.getBean(ImportService.class).find(uploadId, admin).orElseThrow();
		assertThat(seenFromA.state()).isEqualTo("imported");
		assertThat(a.getBean(ImportService.class).run(seenFromA).orElseThrow().counts().added()).isEqualTo(2);
		assertThat(jdbc.queryForList("SELECT name FROM contacts ORDER BY phone", String.class)).containsExactly("Budi",
				"Siti");
	}

	private static Map<String, Object> awaitRun(JdbcTemplate jdbc) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		while (Instant.now().isBefore(deadline)) {
			Map<String, Object> run = jdbc
				.queryForMap("SELECT status, node_id, added, duplicates FROM sync_runs ORDER BY id DESC LIMIT 1");
			if (!"running".equals(run.get("status"))) {
				return run;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the import did not finish");
	}

	private static ConfigurableApplicationContext node(String nodeId) {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		return new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
					"--crm.sync.node-id=" + nodeId);
	}

}
