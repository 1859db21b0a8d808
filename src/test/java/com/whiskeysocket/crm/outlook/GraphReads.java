package com.whiskeysocket.crm.outlook;

import org.springframework.context.ApplicationContext;

/**
 * Reads a folder through the application's own Graph client with nothing merged: the
 * fetch-only baseline of {@code benchmark.OutlookSyncBenchmark}, which lives outside this
 * package.
 */
public final class GraphReads {

	private GraphReads() {
	}

	/**
	 * Every page of one folder's full delta round.
	 * @param context the application
	 * @param username whose connection
	 * @param folderId the folder
	 * @return how many contacts its pages held
	 */
	public static int fullRound(ApplicationContext context, String username, String folderId) {
		int[] contacts = { 0 };
		context.getBean(GraphClient.class)
			.fullRound(username, folderId, (page) -> contacts[0] += page.contacts().size());
		return contacts[0];
	}

}
