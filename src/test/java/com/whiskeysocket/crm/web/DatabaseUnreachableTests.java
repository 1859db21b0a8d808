package com.whiskeysocket.crm.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnreachableTests {

	@Test
	void noConnectionFromThePoolOrABrokenOneIsAnOutage() {
		SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 3000ms",
				new SQLNonTransientConnectionException("Could not connect", "08000", new ConnectException()));
		assertThat(DatabaseUnreachable
			.isOutage(new CannotCreateTransactionException("Could not open JPA EntityManager", poolTimeout))).isTrue();
		assertThat(DatabaseUnreachable.isOutage(new CannotGetJdbcConnectionException("no connection", poolTimeout)))
			.isTrue();
		assertThat(DatabaseUnreachable.isOutage(new RuntimeException(new SQLException("gone", "08S01")))).isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(DatabaseUnreachable
			.isOutage(new ResourceAccessException("graph.microsoft.com unreachable", new ConnectException())))
			.isFalse();
		assertThat(DatabaseUnreachable
			.isOutage(new BadSqlGrammarException("select", "SELECT nope", new SQLException("no table", "42S02"))))
			.isFalse();
		assertThat(DatabaseUnreachable.isOutage(new DataIntegrityViolationException("duplicate"))).isFalse();
		assertThat(DatabaseUnreachable.isOutage(new IllegalStateException("bug"))).isFalse();
		// MariaDB's driver reports a trigger's SIGNAL
		// SQLSTATE '45000' with a connection type
		assertThat(DatabaseUnreachable.isOutage(new SQLTransientConnectionException("test failure", "45000")))
			.isFalse();
	}

}
