package com.whiskeysocket.crm.schema;

import java.util.UUID;

import javax.sql.DataSource;

import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link PeopleMigrationContract} on MariaDB or MySQL, in a database of its own (created
 * next to the test database and dropped after).
 */
@ExtendWith(RequiresMySqlDatabase.class)
class PeopleMigrationMySqlTests extends PeopleMigrationContract {

	private String database;

	private JdbcTemplate admin;

	@Override
	DataSource emptyDatabase() {
		MySqlDatabase.Connection connection = MySqlDatabase.get().orElseThrow();
		this.admin = new JdbcTemplate(
				new DriverManagerDataSource(connection.url(), connection.username(), connection.password()));
		this.database = "crm_people_migration_" + UUID.randomUUID().toString().substring(0, 8);
		admin.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
		String url = connection.url().replaceFirst("^(jdbc:[a-z]+://[^/]+/)[^?;]*", "$1" + database);
		return new DriverManagerDataSource(url, connection.username(), connection.password());
	}

	@AfterEach
	void dropDatabase() {
		if (database != null) {
			admin.execute("DROP DATABASE " + database);
		}
	}

}
