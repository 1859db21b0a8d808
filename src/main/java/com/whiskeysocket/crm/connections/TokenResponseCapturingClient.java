package com.whiskeysocket.crm.connections;

import java.util.Collections;
import java.util.HashMap;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Keeps the additional parameters of the code exchange's response (such as an
 * {@code id_token}) for the rest of the callback request, so the provider can say which
 * account was connected. The authorized client Spring builds from the response drops
 * them.
 */
class TokenResponseCapturingClient implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	static final String ATTRIBUTE = TokenResponseCapturingClient.class.getName() + ".additionalParameters";

	private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> delegate;

	TokenResponseCapturingClient(OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> delegate) {
		this.delegate = delegate;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest request) {
		OAuth2AccessTokenResponse response = delegate.getTokenResponse(request);
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(ATTRIBUTE,
					Collections.unmodifiableMap(new HashMap<>(response.getAdditionalParameters())),
					RequestAttributes.SCOPE_REQUEST);
		}
		return response;
	}

}
