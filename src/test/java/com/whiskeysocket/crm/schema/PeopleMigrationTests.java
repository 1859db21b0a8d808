package com.whiskeysocket.crm.schema;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link PeopleMigrationContract} on H2 in MySQL mode. */
class PeopleMigrationTests extends PeopleMigrationContract {

	@Override
	DataSource emptyDatabase() {
		return new DriverManagerDataSource(
				"jdbc:h2:mem:people-" + UUID.randomUUID()
						+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
				"sa", "");
	}

}
