package com.whiskeysocket.crm.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a test class, loudly, when no MySQL-compatible database can be had. */
public class RequiresMySqlDatabase implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (MySqlDatabase.get().isPresent()) {
			return ConditionEvaluationResult.enabled("MySQL-compatible database: " + MySqlDatabase.get().get());
		}
		String reason = "SKIPPED " + context.getDisplayName()
				+ ": no MySQL/MariaDB for tests. Set TEST_DATABASE_URL (e.g. jdbc:mariadb://127.0.0.1:3306/crm_test)"
				+ " or start a Docker engine for Testcontainers.";
		System.err.println("\n!!!!!!!!!! " + reason + " !!!!!!!!!!\n");
		return ConditionEvaluationResult.disabled(reason);
	}

}
