package com.whiskeysocket.crm.google;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A WireMock extension playing Google's OAuth 2.0 endpoints for one Google account, over
 * real HTTP, as a browser and the app meet them
 * (developers.google.com/identity/protocols/oauth2/web-server):
 * <ul>
 * <li>{@code GET /o/oauth2/v2/auth}: the consent screen, agreed to at once. It checks the
 * client id and {@code response_type=code}, grants the scopes asked for, plus those
 * granted before when {@code include_granted_scopes=true} (incremental authorization),
 * and sends the browser back to {@code redirect_uri} with a one-time code and the
 * {@code state} it was given;</li>
 * <li>{@code POST /token}: the code exchanged (once, for the same {@code redirect_uri},
 * by the client with its secret) for an access token whose {@code scope} says what was
 * granted, and a refresh token when {@code access_type=offline} was asked; a refresh
 * token exchanged for a new access token with the same scopes. Anything else is 400
 * {@code invalid_grant} or 401 {@code invalid_client}.</li>
 * </ul>
 * Every value it hands out is an obviously fake one.
 */
public class GoogleOAuthStandIn implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "google-oauth-stand-in";

	public static final String AUTHORIZE_PATH = "/o/oauth2/v2/auth";

	public static final String TOKEN_PATH = "/token";

	/** The query of each authorization request, in order. */
	public final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();

	/** Access tokens handed out, in order, with the scopes each carries. */
	public final Map<String, Set<String>> accessTokens = new ConcurrentHashMap<>();

	public final AtomicInteger codesExchanged = new AtomicInteger();

	/** The scopes the account has granted this client so far. */
	private final Set<String> granted = ConcurrentHashMap.newKeySet();

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> refreshTokens = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	private record Grant(Set<String> scopes, String redirectUri, boolean offline) {
	}

	/** Forgets everything, then counts these scopes as granted before (a connection). */
	public void reset(String... grantedBefore) {
		authorizations.clear();
		accessTokens.clear();
		codesExchanged.set(0);
		granted.clear();
		codes.clear();
		refreshTokens.clear();
		granted.addAll(Arrays.asList(grantedBefore));
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent event) {
		LoggedRequest request = event.getRequest();
		String path = request.getUrl().split("\\?")[0];
		if ("GET".equals(request.getMethod().getName()) && path.equals(AUTHORIZE_PATH)) {
			return authorize(query(request.getUrl()));
		}
		if ("POST".equals(request.getMethod().getName()) && path.equals(TOKEN_PATH)) {
			return token(request);
		}
		return oauthError(404, "not_found");
	}

	private ResponseDefinition authorize(Map<String, String> query) {
		authorizations.add(query);
		String redirectUri = query.get("redirect_uri");
		if (!GoogleStub.CLIENT_ID.equals(query.get("client_id")) || redirectUri == null
				|| !"code".equals(query.get("response_type")) || query.get("scope") == null) {
			// Google shows its own error page and never goes back to the app
			return responseDefinition().withStatus(400)
				.withHeader("Content-Type", "text/html")
				.withBody("<h1>Error 400: invalid_request</h1>")
				.build();
		}
		Set<String> scopes = new LinkedHashSet<>(Arrays.asList(query.get("scope").split(" ")));
		if ("true".equals(query.get("include_granted_scopes"))) {
			scopes.addAll(granted);
		}
		granted.addAll(scopes);
		String code = "fake-google-code-" + ids.incrementAndGet();
		codes.put(code, new Grant(scopes, redirectUri, "offline".equals(query.get("access_type"))));
		String location = redirectUri + "?code=" + encode(code)
				+ ((query.get("state") != null) ? "&state=" + encode(query.get("state")) : "");
		return responseDefinition().withStatus(302).withHeader("Location", location).build();
	}

	private ResponseDefinition token(LoggedRequest request) {
		Map<String, String> form = query("?" + request.getBodyAsString());
		if (!client(request, form)) {
			return oauthError(401, "invalid_client");
		}
		Set<String> scopes;
		String refreshToken = null;
		if ("authorization_code".equals(form.get("grant_type"))) {
			Grant grant = codes.remove(String.valueOf(form.get("code")));
			if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) {
				return oauthError(400, "invalid_grant");
			}
			codesExchanged.incrementAndGet();
			scopes = grant.scopes();
			if (grant.offline()) {
				refreshToken = "fake-google-refresh-" + ids.incrementAndGet();
				refreshTokens.put(refreshToken, scopes);
			}
		}
		else if ("refresh_token".equals(form.get("grant_type"))) {
			scopes = refreshTokens.get(String.valueOf(form.get("refresh_token")));
			if (scopes == null) {
				return oauthError(400, "invalid_grant");
			}
		}
		else {
			return oauthError(400, "unsupported_grant_type");
		}
		String accessToken = "fake-google-access-" + ids.incrementAndGet();
		accessTokens.put(accessToken, scopes);
		String refresh = (refreshToken != null) ? ",\"refresh_token\":\"" + refreshToken + "\"" : "";
		return responseDefinition().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,\"scope\":\""
					+ String.join(" ", scopes) + "\",\"token_type\":\"Bearer\"" + refresh + "}")
			.build();
	}

	/** The client's id and secret, in a Basic header or in the form. */
	private static boolean client(LoggedRequest request, Map<String, String> form) {
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.startsWith("Basic ")) {
			String[] pair = new String(java.util.Base64.getDecoder().decode(authorization.substring(6)),
					StandardCharsets.UTF_8)
				.split(":", 2);
			return pair.length == 2 && GoogleStub.CLIENT_ID.equals(decode(pair[0]))
					&& GoogleStub.CLIENT_SECRET.equals(decode(pair[1]));
		}
		return GoogleStub.CLIENT_ID.equals(form.get("client_id"))
				&& GoogleStub.CLIENT_SECRET.equals(form.get("client_secret"));
	}

	private static Map<String, String> query(String url) {
		Map<String, String> values = new LinkedHashMap<>();
		int start = url.indexOf('?');
		if (start < 0) {
			return values;
		}
		for (String pair : url.substring(start + 1).split("&")) {
			if (!pair.isEmpty()) {
				String[] kv = pair.split("=", 2);
				values.put(decode(kv[0]), (kv.length > 1) ? decode(kv[1]) : "");
			}
		}
		return values;
	}

	private static ResponseDefinition oauthError(int status, String error) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"" + error + "\",\"error_description\":\"stand-in\"}")
			.build();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
