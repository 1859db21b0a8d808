package com.whiskeysocket.crm.outlook;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRequests;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class OutlookNotificationInboxTests {

	private final OutlookSubscriptionStore subscriptions = mock(OutlookSubscriptionStore.class);

	private final SyncRequests requests = mock(SyncRequests.class);

	private final OutlookNotificationInbox inbox = new OutlookNotificationInbox(subscriptions, requests);

	@Test
	void aBurstIsTakenWithoutTheDatabaseAndCheckedOnce() {
		given(subscriptions.ownerByHash("sub-1", OutlookSubscriptionStore.hash("our-secret")))
			.willReturn(Optional.of(7L));

		for (int i = 0; i < 1000; i++) {
			inbox.add("sub-1", "our-secret");
		}
		verifyNoInteractions(subscriptions, requests);
		inbox.check();

		verify(subscriptions, times(1)).ownerByHash(anyString(), anyString());
		verify(requests, times(1)).request(SyncProvider.OUTLOOK, 7L);
	}

	@Test
	void aClientStateThatIsNotOursAsksForNothing() {
		given(subscriptions.ownerByHash(anyString(), anyString())).willReturn(Optional.empty());

		inbox.add("sub-1", "guessed");
		inbox.add("sub-1", "");
		inbox.add(null, "guessed");
		inbox.check();

		verify(subscriptions, times(1)).ownerByHash(eq("sub-1"), anyString());
		verify(requests, never()).request(eq(SyncProvider.OUTLOOK), anyLong());
	}

}
