package com.whiskeysocket.crm.sync;

import java.util.List;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description names each connected source's paths as scripts call them
 * ({@code /api/outlook/sync-status}, {@code /api/google/sync-status}…), not the one
 * {@code /api/{provider}/…} template that serves them all; the same for the write-back of
 * each provider that has one.
 */
@Configuration(proxyBeanMethods = false)
class ConnectedSourceApiDocs {

	private static final String TEMPLATE = "/api/{provider}/";

	private static final List<String> ACTIONS = List.of("sync-status", "sync-contacts", "disconnect");

	@Bean
	OpenApiCustomizer connectedSourcePaths(List<ConnectedContactSource> sources) {
		return (openApi) -> {
			Paths paths = openApi.getPaths();
			if (paths == null) {
				return;
			}
			for (String action : ACTIONS) {
				PathItem template = paths.remove(TEMPLATE + action);
				if (template == null) {
					continue;
				}
				for (ConnectedContactSource source : sources) {
					String name = source.provider().code();
					PathItem item = Json.mapper().convertValue(template, PathItem.class);
					item.readOperations().forEach((operation) -> forProvider(operation, name));
					paths.addPathItem("/api/" + name + "/" + action, item);
				}
			}
		};
	}

	/**
	 * {@code /api/google/write-back} and {@code /api/outlook/write-back}: one path per
	 * provider with an {@link AddressBookWriter}.
	 */
	@Bean
	OpenApiCustomizer writeBackPaths(List<AddressBookWriter> writers) {
		return (openApi) -> {
			Paths paths = openApi.getPaths();
			PathItem template = (paths != null) ? paths.remove(TEMPLATE + "write-back") : null;
			if (template == null) {
				return;
			}
			for (AddressBookWriter writer : writers) {
				String name = writer.provider().code();
				PathItem item = Json.mapper().convertValue(template, PathItem.class);
				item.readOperations().forEach((operation) -> forProvider(operation, name));
				paths.addPathItem("/api/" + name + "/write-back", item);
			}
		};
	}

	private static void forProvider(Operation operation, String name) {
		if (operation.getParameters() != null) {
			operation.getParameters().removeIf((parameter) -> "provider".equals(parameter.getName()));
			if (operation.getParameters().isEmpty()) {
				operation.setParameters(null);
			}
		}
		if (operation.getOperationId() != null) {
			operation.setOperationId(operation.getOperationId() + "_" + name);
		}
	}

}
