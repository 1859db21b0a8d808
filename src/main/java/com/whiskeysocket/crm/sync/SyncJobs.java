package com.whiskeysocket.crm.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's sync threads: a bounded pool (no queue: a run either starts now or is
 * refused as busy), and a heartbeat that renews the leases of the runs it works on
 * between their pages. On shutdown the node gives its runs up as interrupted.
 */
@Component
class SyncJobs implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SyncJobs.class);

	private final SyncLeases leases;

	private final SyncProperties properties;

	private final SyncRunJournal journal;

	private final SyncPace pace;

	private volatile ThreadPoolExecutor pool;

	private volatile ScheduledExecutorService heartbeat;

	private final Map<Long, Job> live = new ConcurrentHashMap<>();

	private volatile boolean running;

	private final List<Runnable> afterRuns = new CopyOnWriteArrayList<>();

	SyncJobs(SyncLeases leases, SyncProperties properties, SyncRunJournal journal, SyncPace pace) {
		this.leases = leases;
		this.properties = properties;
		this.journal = journal;
		this.pace = pace;
	}

	/**
	 * Calls back after each run on this node has ended and freed its thread.
	 * @param callback quick and never throwing: it runs on the sync thread
	 */
	void whenRunEnds(Runnable callback) {
		afterRuns.add(callback);
	}

	/** Runs this node could start now. */
	int freeThreads() {
		return properties.threads() - live.size();
	}

	/**
	 * Runs a claimed run's job on a sync thread.
	 * @throws SyncBusyException if every thread is busy; the run is then recorded as
	 * failed with {@code node_busy}
	 */
	CompletableFuture<SyncResult> submit(SyncRun run, ContactSource source) {
		CompletableFuture<SyncResult> outcome = new CompletableFuture<>();
		Job job = new Job(run, source, outcome);
		live.put(run.id(), job);
		try {
			ThreadPoolExecutor threads = pool;
			if (threads == null) {
				throw new RejectedExecutionException("stopped");
			}
			job.future = threads.submit(job::run);
		}
		catch (RejectedExecutionException ex) {
			live.remove(run.id());
			leases.end(run, "failed", SyncCounts.NONE, "node_busy", null);
			throw new SyncBusyException();
		}
		return outcome;
	}

	private void renewLeases() {
		try {
			for (Long lost : leases.heartbeat(new ArrayList<>(live.keySet()))) {
				Job job = live.get(lost);
				// a run that is being ended has just given its lease up itself
				if (job != null && job.future != null && !job.ending) {
					log.warn("Sync run {} was taken over by another node; stopping it here", lost);
					job.future.cancel(true);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew the sync leases of this node ({}); trying again", ex.getClass().getSimpleName());
		}
	}

	/** Starts the threads; also after a stop, as a paused test context is restarted. */
	@Override
	public void start() {
		ThreadPoolExecutor threads = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60,
				TimeUnit.SECONDS, new SynchronousQueue<>(), threads("sync-run-"));
		threads.allowCoreThreadTimeOut(true);
		pool = threads;
		heartbeat = Executors.newSingleThreadScheduledExecutor(threads("sync-heartbeat-"));
		long every = Math.max(properties.lease().toMillis() / 4, 50);
		heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		heartbeat.shutdownNow();
		List<SyncRun> runs = live.values().stream().map((job) -> job.run).toList();
		leases.release(runs);
		pool.shutdownNow();
		pool = null;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops after the scheduler, before the database goes. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 10;
	}

	private static java.util.concurrent.ThreadFactory threads(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One run on one sync thread. */
	private final class Job {

		final SyncRun run;

		final ContactSource source;

		final CompletableFuture<SyncResult> outcome;

		volatile java.util.concurrent.Future<?> future;

		/**
		 * Set before the run's row is ended, so the heartbeat no longer takes it for
		 * lost.
		 */
		volatile boolean ending;

		Job(SyncRun run, ContactSource source, CompletableFuture<SyncResult> outcome) {
			this.run = run;
			this.source = source;
			this.outcome = outcome;
		}

		void run() {
			try {
				journal.started(run);
				SyncOutcome result = source.sync(run);
				ending = true;
				leases.end(run, "succeeded", result.counts(), null, result.mode(),
						pace.after(source, run.staffId(), result.counts()));
				long durationMs = java.time.Duration.between(run.startedAt(), java.time.Instant.now()).toMillis();
				journal.finished(run, result, durationMs);
				outcome.complete(new SyncResult(run.id(), result.counts(), result.mode(), durationMs));
			}
			catch (SyncLeaseLostException ex) {
				journal.leaseLost(run);
				outcome.completeExceptionally(ex);
			}
			catch (RuntimeException ex) {
				String errorCode = source.errorCode(ex);
				ending = true;
				try {
					leases.end(run, "failed", run.counts(), errorCode, null);
					journal.failed(run, errorCode);
				}
				catch (RuntimeException recording) {
					log.warn("Could not record the failure of sync run {} ({}); its lease will expire", run.id(),
							recording.getClass().getSimpleName());
				}
				outcome.completeExceptionally(ex);
			}
			catch (Error ex) {
				outcome.completeExceptionally(ex);
				throw ex;
			}
			finally {
				live.remove(run.id());
				afterRuns.forEach(Runnable::run);
			}
		}

	}

}
