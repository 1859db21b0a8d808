package com.whiskeysocket.crm.schema;

import org.springframework.boot.test.context.SpringBootTest;

/** The migrations on the embedded default: H2 in MySQL mode. */
@SpringBootTest
class H2SchemaIntegrationTests extends SchemaContract {

}
