package com.whiskeysocket.crm.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full application test on a real MySQL or MariaDB (see {@link MySqlDatabase}); skipped
 * with a loud message where there is none.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RequiresMySqlDatabase.class)
@SpringBootTest
@ContextConfiguration(initializers = MySqlDatabaseInitializer.class)
public @interface MySqlIntegrationTest {

}
