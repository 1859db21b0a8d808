package com.whiskeysocket.crm.testsupport;

import java.util.Optional;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The MySQL-compatible database for tests that need MySQL semantics, in this order:
 * {@code TEST_DATABASE_URL} (+ {@code TEST_DATABASE_USERNAME}/{@code _PASSWORD}) if set,
 * else a Testcontainers MySQL when a Docker engine is available, else none (the tests are
 * skipped, loudly). CI always sets {@code TEST_DATABASE_URL}.
 */
public final class MySqlDatabase {

	private static volatile Optional<Connection> connection;

	private MySqlDatabase() {
	}

	/** The database to use, found once per test JVM. */
	public static synchronized Optional<Connection> get() {
		if (connection == null) {
			connection = find();
		}
		return connection;
	}

	private static Optional<Connection> find() {
		String url = setting("TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			String username = setting("TEST_DATABASE_USERNAME");
			String password = setting("TEST_DATABASE_PASSWORD");
			return Optional.of(new Connection(url, (username != null) ? username : "root",
					(password != null) ? password : "", "TEST_DATABASE_URL"));
		}
		if (dockerAvailable()) {
			MySQLContainer mysql = new MySQLContainer("mysql:8.4").withDatabaseName("crm")
				.withCommand("--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci");
			mysql.start();
			return Optional.of(new Connection(mysql.getJdbcUrl(), mysql.getUsername(), mysql.getPassword(),
					"Testcontainers " + mysql.getDockerImageName()));
		}
		return Optional.empty();
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String setting(String name) {
		String value = System.getProperty(name);
		return (value != null) ? value : System.getenv(name);
	}

	/**
	 * How to reach the database.
	 *
	 * @param url JDBC URL ({@code jdbc:mariadb:} or {@code jdbc:mysql:})
	 * @param username user
	 * @param password password
	 * @param origin where it came from, for the logs
	 */
	public record Connection(String url, String username, String password, String origin) {

		@Override
		public String toString() {
			return origin + " " + url.replaceAll("password=[^&;]*", "password=***");
		}

	}

}
