package com.whiskeysocket.crm.staff;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says in the startup failure report which variable to fix and how, instead of a stack
 * trace.
 */
class FirstAdminFailureAnalyzer extends AbstractFailureAnalyzer<FirstAdminRejectedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, FirstAdminRejectedException cause) {
		return new FailureAnalysis(
				"The first admin account could not be created: " + cause.variable() + " " + cause.rule() + ".",
				"Set " + cause.variable() + " in .env or the environment to a value that obeys the rule"
						+ (cause.variable().endsWith("PASSWORD")
								? ", or leave it empty to have a password generated and shown once in the log." : "."),
				cause);
	}

}
