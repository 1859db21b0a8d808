package com.whiskeysocket.crm.apitokens;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (springdoc): only {@code /api/**}, with
 * personal API tokens as its security scheme. Readable by anyone signed in or holding a
 * token.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	static final String BEARER_SCHEME = "apiToken";

	@Bean
	OpenAPI crmOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Whiskeysocket CRM API")
				.version("1")
				.description("JSON API for scripts. Authenticate with a personal API token "
						+ "(Account → API tokens) as `Authorization: Bearer wsc_…`; see docs/api.md."))
			.components(new Components().addSecuritySchemes(BEARER_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("wsc_ followed by 43 base64url characters")
						.description("A personal API token; it acts with its owner's role.")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
	}

}
