package com.whiskeysocket.crm.contacts;

import java.util.function.Supplier;

import org.springframework.dao.PessimisticLockingFailureException;

/**
 * A save of a page or the API run again when the database broke a deadlock between saves
 * racing for one number: the next try sees the number taken and refuses it.
 */
final class RacingSaves {

	private static final int ATTEMPTS = 3;

	private RacingSaves() {
	}

	static <T> T retried(Supplier<T> save) {
		for (int attempt = 1;; attempt++) {
			try {
				return save.get();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

}
