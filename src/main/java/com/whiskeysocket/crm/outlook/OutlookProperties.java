package com.whiskeysocket.crm.outlook;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The Azure app registration and Microsoft endpoints, from the {@code MICROSOFT_*}
 * variables.
 *
 * @param clientId {@code MICROSOFT_CLIENT_ID}; blank means Outlook is not configured
 * @param clientSecret {@code MICROSOFT_CLIENT_SECRET}
 * @param tenantId {@code MICROSOFT_TENANT_ID}: a tenant id, {@code common},
 * {@code organizations} or {@code consumers}
 * @param redirectUri {@code MICROSOFT_REDIRECT_URI}
 * @param authorityHost {@code MICROSOFT_AUTHORITY_HOST}
 * @param graphBaseUrl {@code MICROSOFT_GRAPH_BASE_URL}
 * @param scopes {@code MICROSOFT_SCOPES}, space-separated, added to the two the sync
 * needs
 */
@ConfigurationProperties("crm.outlook")
record OutlookProperties(String clientId, String clientSecret, @DefaultValue("common") String tenantId,
		String redirectUri, @DefaultValue("https://login.microsoftonline.com") String authorityHost,
		@DefaultValue("https://graph.microsoft.com") String graphBaseUrl, String scopes) {

	static final String REGISTRATION_ID = "microsoft";

	/**
	 * OpenID Connect and offline scopes are not Graph permissions and stay unqualified.
	 */
	private static final Set<String> PROTOCOL_SCOPES = Set.of("openid", "profile", "email", "offline_access");

	boolean hasClient() {
		return StringUtils.hasText(clientId);
	}

	String authorizationUri() {
		return trimSlash(authorityHost) + "/" + tenantId + "/oauth2/v2.0/authorize";
	}

	String tokenUri() {
		return trimSlash(authorityHost) + "/" + tenantId + "/oauth2/v2.0/token";
	}

	String graphBase() {
		return trimSlash(graphBaseUrl);
	}

	String graphHost() {
		return URI.create(graphBase()).getHost().toLowerCase(Locale.ROOT);
	}

	/**
	 * The scopes to request: always {@code offline_access} (no refresh token without it)
	 * and {@code <graph>/Contacts.Read}, plus any extra ones, with Graph permissions
	 * qualified by the configured Graph host so national clouds get their own resource.
	 */
	Set<String> requestedScopes() {
		Set<String> requested = new LinkedHashSet<>();
		requested.add("offline_access");
		requested.add(qualify("Contacts.Read"));
		if (StringUtils.hasText(scopes)) {
			for (String scope : scopes.strip().split("\\s+")) {
				requested.add(qualify(scope));
			}
		}
		return requested;
	}

	/**
	 * The scope write-back asks for by incremental consent: {@code Contacts.ReadWrite},
	 * qualified like the reading one.
	 */
	String writeScope() {
		return qualify("Contacts.ReadWrite");
	}

	private String qualify(String scope) {
		if (scope.contains("://") || PROTOCOL_SCOPES.contains(scope.toLowerCase(Locale.ROOT))) {
			return scope;
		}
		return graphBase() + "/" + scope;
	}

	private static String trimSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	@Override
	public String toString() {
		return "OutlookProperties[clientId=" + clientId + ", tenantId=" + tenantId + ", redirectUri=" + redirectUri
				+ ", authorityHost=" + authorityHost + ", graphBaseUrl=" + graphBaseUrl + ", scopes=" + scopes + "]";
	}

}
