package com.whiskeysocket.crm.benchmark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The most heap in use right after any garbage collection while a step runs: the data the
 * step keeps alive, not the garbage it has not yet had collected.
 */
final class LiveHeap implements NotificationListener {

	private final AtomicLong peak = new AtomicLong();

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private LiveHeap() {
	}

	static LiveHeap start() {
		LiveHeap live = new LiveHeap();
		live.peak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(live, null, null);
				live.emitters.add(emitter);
			}
		}
		return live;
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
			.from((CompositeData) notification.getUserData());
		long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
		peak.accumulateAndGet(used, Math::max);
	}

	/** Stops listening; the peak in bytes. */
	long stop() {
		for (NotificationEmitter emitter : emitters) {
			try {
				emitter.removeNotificationListener(this);
			}
			catch (javax.management.ListenerNotFoundException ex) {
				// already gone
			}
		}
		return peak.get();
	}

}
