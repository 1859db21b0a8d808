package com.whiskeysocket.crm;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePoolSizeTests {

	@Test
	void thePoolHasAConnectionForEverySyncAndWriteBackThreadBesidesTheRequests() {
		assertThat(poolSize(new MockEnvironment())).isEqualTo(18);
		assertThat(poolSize(new MockEnvironment().withProperty("crm.sync.threads", "20"))).isEqualTo(34);
		assertThat(poolSize(new MockEnvironment().withProperty("crm.sync.threads", "20")
			.withProperty("crm.write-back.threads", "2")
			.withProperty("crm.database.request-connections", "20"))).isEqualTo(42);
	}

	@Test
	void dbPoolSizeOrHikarisOwnSettingWins() {
		assertThat(poolSize(new MockEnvironment().withProperty("crm.sync.threads", "20")
			.withProperty("crm.database.pool-size", "12"))).isEqualTo(12);
		HikariDataSource bound = new HikariDataSource();
		bound.setMaximumPoolSize(7);
		DatabasePoolSize
			.databasePoolSizePostProcessor(new MockEnvironment().withProperty(DatabasePoolSize.HIKARI_MAXIMUM, "7"))
			.postProcessAfterInitialization(bound, "dataSource");
		assertThat(bound.getMaximumPoolSize()).isEqualTo(7);
	}

	private static int poolSize(MockEnvironment environment) {
		HikariDataSource dataSource = new HikariDataSource();
		DatabasePoolSize.databasePoolSizePostProcessor(environment)
			.postProcessAfterInitialization(dataSource, "dataSource");
		return dataSource.getMaximumPoolSize();
	}

}
