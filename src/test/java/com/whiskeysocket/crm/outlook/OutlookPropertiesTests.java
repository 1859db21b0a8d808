package com.whiskeysocket.crm.outlook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutlookPropertiesTests {

	@Test
	void defaultsAskForOfflineAccessAndContactsReadOnGlobalGraph() {
		OutlookProperties properties = properties("https://login.microsoftonline.com", "https://graph.microsoft.com",
				"offline_access Contacts.Read");

		assertThat(properties.requestedScopes()).containsExactly("offline_access",
				"https://graph.microsoft.com/Contacts.Read");
		assertThat(properties.authorizationUri())
			.isEqualTo("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
		assertThat(properties.tokenUri()).isEqualTo("https://login.microsoftonline.com/common/oauth2/v2.0/token");
	}

	@Test
	void extraScopesAreAddedAndGraphPermissionsQualifiedForNationalClouds() {
		OutlookProperties china = properties("https://login.chinacloudapi.cn/",
				"https://microsoftgraph.chinacloudapi.cn", "User.Read openid email");

		assertThat(china.requestedScopes()).containsExactly("offline_access",
				"https://microsoftgraph.chinacloudapi.cn/Contacts.Read",
				"https://microsoftgraph.chinacloudapi.cn/User.Read", "openid", "email");
		assertThat(china.tokenUri()).isEqualTo("https://login.chinacloudapi.cn/common/oauth2/v2.0/token");
		assertThat(china.graphHost()).isEqualTo("microsoftgraph.chinacloudapi.cn");
	}

	@Test
	void toStringNeverShowsTheSecret() {
		OutlookProperties properties = new OutlookProperties("client", "fake-secret-value", "common", "uri",
				"https://login.microsoftonline.com", "https://graph.microsoft.com", null);

		assertThat(properties.toString()).doesNotContain("fake-secret-value");
	}

	private static OutlookProperties properties(String authority, String graph, String scopes) {
		return new OutlookProperties("client", "secret", "common", "http://localhost:3000/auth/microsoft/callback",
				authority, graph, scopes);
	}

}
