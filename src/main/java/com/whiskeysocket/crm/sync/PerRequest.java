package com.whiskeysocket.crm.sync;

import java.util.function.Supplier;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What a page's panels read once per request: a page renders the Google and the Outlook
 * panel, each asking for the same staff member's runs, connections and write-back state.
 * Outside a request it reads every time.
 */
final class PerRequest {

	private PerRequest() {
	}

	@SuppressWarnings("unchecked")
	static <T> T get(String key, Supplier<T> read) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return read.get();
		}
		String name = PerRequest.class.getName() + "." + key;
		Object value = request.getAttribute(name, RequestAttributes.SCOPE_REQUEST);
		if (value == null) {
			value = read.get();
			request.setAttribute(name, value, RequestAttributes.SCOPE_REQUEST);
		}
		return (T) value;
	}

}
