package com.whiskeysocket.crm.outlook;

import java.net.URI;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import com.whiskeysocket.crm.testsupport.GraphSubscriptionBook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Graph's {@code /subscriptions} ({@link GraphSubscriptionBook}) inside the WireMock
 * Graph.
 */
final class GraphSubscriptions extends GraphSubscriptionBook implements ResponseDefinitionTransformerV2 {

	static final String NAME = "graph-subscriptions";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	/** Routes {@code /v1.0/subscriptions} of the stub to this stand-in. */
	void register(WireMockServer server) {
		server.stubFor(
				any(urlPathMatching("/v1\\.0/subscriptions(/.*)?")).willReturn(aResponse().withTransformers(NAME)));
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		GraphSubscriptionBook.Answer answer = answer(request.getMethod().getName(),
				URI.create(request.getUrl()).getPath(), request.getBodyAsString(), request.getHeader("Authorization"));
		if (answer.json().isEmpty()) {
			return new ResponseDefinition(answer.status(), "");
		}
		return aResponse().withStatus(answer.status())
			.withHeader("Content-Type", "application/json")
			.withBody(answer.json())
			.build();
	}

}
