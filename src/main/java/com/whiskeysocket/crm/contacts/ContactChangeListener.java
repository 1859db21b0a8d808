package com.whiskeysocket.crm.contacts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A contact added or edited through its entity (the forms, the API, status and owner
 * changes) gets its duplicate suggestions brought up to date once the change is
 * committed, with its emails as they were saved with it.
 */
@Component
class ContactChangeListener {

	private final DuplicateFinder finder;

	// looked up when first needed: the entity manager factory that calls this listener is
	// what the transaction manager is made from
	private final ObjectProvider<PlatformTransactionManager> transactionManager;

	ContactChangeListener(DuplicateFinder finder, ObjectProvider<PlatformTransactionManager> transactionManager) {
		this.finder = finder;
		this.transactionManager = transactionManager;
	}

	@PostPersist
	@PostUpdate
	void changed(Contact contact) {
		if (!TransactionSynchronizationManager.isSynchronizationActive() || !finder.enabled()) {
			return;
		}
		Set<Long> ids = pending();
		if (ids.isEmpty()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					List<Long> changed = List.copyOf(ids);
					TransactionTemplate transactions = new TransactionTemplate(transactionManager.getObject());
					transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
					transactions.executeWithoutResult((status) -> finder.refresh(changed));
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(ContactChangeListener.this);
				}
			});
			TransactionSynchronizationManager.bindResource(this, ids);
		}
		ids.add(contact.getId());
	}

	@SuppressWarnings("unchecked")
	private Set<Long> pending() {
		Object bound = TransactionSynchronizationManager.getResource(this);
		return (bound != null) ? (Set<Long>) bound : new LinkedHashSet<>();
	}

}
