/**
 * Sync runs: one at a time per staff member and provider, their progress while they run,
 * and the history of every run with its counts and outcome.
 */
@ApplicationModule(allowedDependencies = "staff")
package com.whiskeysocket.crm.sync;

import org.springframework.modulith.ApplicationModule;
