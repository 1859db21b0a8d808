package com.whiskeysocket.crm.outlook;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Keeps the {@code id_token} of the code exchange (present when {@code openid} is among
 * the scopes) for the rest of the callback request, so the connection can show which
 * Microsoft account it is. The authorized client Spring builds from the response drops
 * it.
 */
class IdTokenCapturingTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	static final String ID_TOKEN_ATTRIBUTE = IdTokenCapturingTokenResponseClient.class.getName() + ".idToken";

	private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> delegate;

	IdTokenCapturingTokenResponseClient(OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> delegate) {
		this.delegate = delegate;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest request) {
		OAuth2AccessTokenResponse response = delegate.getTokenResponse(request);
		Object idToken = response.getAdditionalParameters().get("id_token");
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (idToken instanceof String value && attributes != null) {
			attributes.setAttribute(ID_TOKEN_ATTRIBUTE, value, RequestAttributes.SCOPE_REQUEST);
		}
		return response;
	}

}
