package com.whiskeysocket.crm.schema;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

/** The same migrations on MySQL or MariaDB. */
@MySqlIntegrationTest
class MySqlSchemaIntegrationTests extends SchemaContract {

}
