package com.whiskeysocket.crm.sync;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Automatic sync. Every {@code crm.sync.tick} each node records runs whose lease expired
 * as interrupted, then claims due accounts through the database ({@code FOR UPDATE SKIP
 * LOCKED}, so N nodes share the work and none claims an account twice) and starts their
 * runs on its free threads. Accounts that wait for a reconnect are not connected in the
 * provider's sense and are left alone until their owner reconnects.
 */
@Component
class SyncScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

	private final List<ContactSource> sources;

	private final SyncRuns runs;

	private final SyncLeases leases;

	private final DueAccounts accounts;

	private final SyncJobs jobs;

	private final SyncProperties properties;

	private ScheduledExecutorService ticks;

	SyncScheduler(List<ContactSource> sources, SyncRuns runs, SyncLeases leases, DueAccounts accounts, SyncJobs jobs,
			SyncProperties properties) {
		this.sources = sources;
		this.runs = runs;
		this.leases = leases;
		this.accounts = accounts;
		this.jobs = jobs;
		this.properties = properties;
	}

	/**
	 * One round: expired runs interrupted, due accounts claimed and started.
	 * @return how many runs this node started
	 */
	int tick() {
		int started = 0;
		try {
			leases.interruptExpired();
			for (ContactSource source : sources) {
				List<Long> connected = source.connectedStaff();
				accounts.ensureAccounts(source.provider(), connected);
				for (long staffId : accounts.claimDue(source.provider(), connected, jobs.freeThreads())) {
					try {
						runs.start(source, staffId, SyncTrigger.SCHEDULED);
						started++;
					}
					catch (SyncInProgressException | SyncBusyException ex) {
						// a manual run got there first, or
						// the threads filled up: next tick
					}
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Sync scheduler: the database is unreachable ({}); trying again next tick",
					ex.getClass().getSimpleName());
		}
		return started;
	}

	@Override
	public void start() {
		if (!properties.automatic()) {
			log.info("Automatic sync is off (crm.sync.interval=0)");
			return;
		}
		ticks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sync-scheduler");
			thread.setDaemon(true);
			return thread;
		});
		long every = properties.tick().toMillis();
		ticks.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
	}

	private void safeTick() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			log.warn("Sync scheduler tick failed ({}); trying again next tick", ex.getClass().getSimpleName());
		}
	}

	@Override
	public void stop() {
		if (ticks != null) {
			ticks.shutdownNow();
			ticks = null;
		}
	}

	@Override
	public boolean isRunning() {
		return ticks != null;
	}

}
