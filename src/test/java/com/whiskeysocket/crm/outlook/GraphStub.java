package com.whiskeysocket.crm.outlook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Graph in its documented shapes ({@code ../shared/graph/}): contact pages with
 * {@code @odata.nextLink}, folders and child folders, and Graph's error bodies.
 */
final class GraphStub {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireMockServer server;

	GraphStub(WireMockServer server) {
		this.server = server;
	}

	static Map<String, Object> contact(String id, String displayName, String mobile, String... businessPhones) {
		Map<String, Object> contact = new LinkedHashMap<>();
		contact.put("@odata.etag", "W/\"fake-etag-" + id + "\"");
		contact.put("id", id);
		contact.put("changeKey", "ck-" + id);
		contact.put("parentFolderId", DEFAULT_FOLDER_ID);
		contact.put("displayName", displayName);
		contact.put("givenName", null);
		contact.put("surname", null);
		contact.put("companyName", null);
		contact.put("jobTitle", null);
		contact.put("mobilePhone", mobile);
		contact.put("businessPhones", List.of(businessPhones));
		contact.put("homePhones", List.of());
		contact.put("emailAddresses", List.of());
		return contact;
	}

	static final String DEFAULT_FOLDER_ID = "folder-default";

	/** Where the first round of the default folder's delta query starts. */
	static final String DEFAULT_DELTA_PATH = deltaPath(DEFAULT_FOLDER_ID);

	static String deltaPath(String folderId) {
		return "/v1.0/me/contactFolders/" + folderId + "/contacts/delta";
	}

	/**
	 * The default Contacts folder: the probe that reveals its id, and the first round of
	 * its delta query as consecutive pages linked by nextLink, the last with a delta
	 * link.
	 */
	void defaultFolder(List<List<Map<String, Object>>> pages) {
		defaultFolderProbe(pages.stream().flatMap(List::stream).findFirst().orElse(null));
		pages(DEFAULT_DELTA_PATH, DEFAULT_FOLDER_ID, pages);
	}

	/** {@code /me/contacts?$top=1}: one contact of the default folder, or none. */
	void defaultFolderProbe(Map<String, Object> contact) {
		server.stubFor(get(urlPathEqualTo("/v1.0/me/contacts"))
			.willReturn(okJson(page((contact != null) ? List.of(contact) : List.of(), null, null))));
	}

	void folderContacts(String folderId, List<List<Map<String, Object>>> pages) {
		pages(deltaPath(folderId), folderId, pages);
	}

	/** The changes Graph serves for a folder's delta link, as pages. */
	void changes(String folderId, List<List<Map<String, Object>>> pages) {
		String key = folderId + "-changes";
		for (int i = 0; i < pages.size(); i++) {
			String next = (i + 1 < pages.size()) ? pageUrl(key, i + 1) : null;
			String delta = (i + 1 < pages.size()) ? null : deltaLink(folderId);
			String path = (i == 0) ? "/v1.0/delta/" + folderId : "/v1.0/pages/" + key + "/" + i;
			server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(page(pages.get(i), next, delta))));
		}
	}

	/** The delta link handed out at the end of every round of a folder. */
	String deltaLink(String folderId) {
		return server.baseUrl() + "/v1.0/delta/" + folderId + "?$deltatoken=fake-token-" + folderId;
	}

	static Map<String, Object> removed(String id) {
		return Map.of("@odata.type", "#microsoft.graph.contact", "id", id, "@removed", Map.of("reason", "deleted"));
	}

	/** Top-level folders under the default one. */
	void folders(String... ids) {
		server.stubFor(get(urlPathEqualTo("/v1.0/me/contactFolders")).willReturn(okJson(folderPage(ids))));
	}

	void childFolders(String parentId, String... ids) {
		server.stubFor(get(urlPathEqualTo("/v1.0/me/contactFolders/" + parentId + "/childFolders"))
			.willReturn(okJson(folderPage(ids))));
	}

	/** Folders with no children unless stubbed otherwise (lower priority). */
	void noChildFoldersByDefault() {
		server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock
			.urlPathMatching("/v1.0/me/contactFolders/[^/]+/childFolders")).atPriority(10)
			.willReturn(okJson("{\"value\":[]}")));
	}

	String pageUrl(String key, int index) {
		return server.baseUrl() + "/v1.0/pages/" + key + "/" + index;
	}

	void stub(MappingBuilder mapping) {
		server.stubFor(mapping);
	}

	static ResponseDefinitionBuilder graphError(int status, String code) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"raw Microsoft text <b>never shown</b>\"}}");
	}

	static String page(List<Map<String, Object>> contacts, String nextLink, String deltaLink) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#Collection(contact)");
		if (nextLink != null) {
			body.put("@odata.nextLink", nextLink);
		}
		if (deltaLink != null) {
			body.put("@odata.deltaLink", deltaLink);
		}
		body.put("value", contacts);
		return JSON.writeValueAsString(body);
	}

	/** The last page of a folder's round, carrying its delta link. */
	String lastPage(String folderId, List<Map<String, Object>> contacts) {
		return page(contacts, null, deltaLink(folderId));
	}

	private void pages(String firstPath, String folderId, List<List<Map<String, Object>>> pages) {
		for (int i = 0; i < pages.size(); i++) {
			String next = (i + 1 < pages.size()) ? pageUrl(folderId, i + 1) : null;
			String delta = (i + 1 < pages.size()) ? null : deltaLink(folderId);
			String path = (i == 0) ? firstPath : "/v1.0/pages/" + folderId + "/" + i;
			server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(page(pages.get(i), next, delta))));
		}
	}

	private static String folderPage(String... ids) {
		List<Map<String, Object>> folders = new ArrayList<>();
		for (String id : ids) {
			folders.add(Map.of("id", id, "displayName", "Folder " + id, "parentFolderId", "folder-default"));
		}
		return JSON.writeValueAsString(Map.of("value", folders));
	}

}
