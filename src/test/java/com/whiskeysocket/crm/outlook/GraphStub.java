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
		contact.put("parentFolderId", "folder-default");
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

	/** The default Contacts folder, served as consecutive pages linked by nextLink. */
	void defaultFolder(List<List<Map<String, Object>>> pages) {
		pages("/v1.0/me/contacts", "default", pages);
	}

	void folderContacts(String folderId, List<List<Map<String, Object>>> pages) {
		pages("/v1.0/me/contactFolders/" + folderId + "/contacts", folderId, pages);
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

	static String page(List<Map<String, Object>> contacts, String nextLink) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users('fake')/contacts");
		if (nextLink != null) {
			body.put("@odata.nextLink", nextLink);
		}
		body.put("value", contacts);
		return JSON.writeValueAsString(body);
	}

	private void pages(String firstPath, String key, List<List<Map<String, Object>>> pages) {
		for (int i = 0; i < pages.size(); i++) {
			String next = (i + 1 < pages.size()) ? pageUrl(key, i + 1) : null;
			String path = (i == 0) ? firstPath : "/v1.0/pages/" + key + "/" + i;
			server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(page(pages.get(i), next))));
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
