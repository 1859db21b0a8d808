package com.whiskeysocket.crm.google;

import org.springframework.context.ApplicationContext;

/**
 * Reads a Google account's connections the way a full sync does, with nothing merged: the
 * benchmark's fetch-only baseline (the People API stand-in and parsing alone).
 */
public final class GoogleReads {

	private GoogleReads() {
	}

	/**
	 * Every page of a full read of the connections.
	 * @param context the application
	 * @param username whose connection
	 * @return how many people its pages held
	 */
	public static int fullRead(ApplicationContext context, String username) {
		PeopleClient client = context.getBean(PeopleClient.class);
		int people = 0;
		String pageToken = null;
		do {
			PeopleModel.ConnectionsPage page = client.connections(username, null, pageToken);
			people += page.people().size();
			pageToken = page.nextPageToken();
		}
		while (pageToken != null);
		return people;
	}

}
