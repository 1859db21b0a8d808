package com.whiskeysocket.crm.testsupport;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application's data source at {@link MySqlDatabase}. */
public class MySqlDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		MySqlDatabase.get()
			.ifPresent((db) -> TestPropertyValues
				.of("spring.datasource.url=" + db.url(), "spring.datasource.username=" + db.username(),
						"spring.datasource.password=" + db.password())
				.applyTo(context));
	}

}
