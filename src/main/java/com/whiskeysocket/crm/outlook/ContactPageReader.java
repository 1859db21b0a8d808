package com.whiskeysocket.crm.outlook;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Reads a page of Graph contacts straight off the response stream with Jackson's
 * streaming parser: only the fields the sync uses become strings, everything else is
 * skipped, and no tree or property buffer is built. A 1,000-contact page is read in a
 * fraction of the time data binding takes.
 */
class ContactPageReader extends AbstractHttpMessageConverter<GraphModel.ContactPage> {

	private static final JsonFactory JSON = new JsonFactory();

	ContactPageReader() {
		super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
	}

	@Override
	protected boolean supports(Class<?> type) {
		return GraphModel.ContactPage.class == type;
	}

	@Override
	protected boolean canWrite(MediaType mediaType) {
		return false;
	}

	@Override
	protected GraphModel.ContactPage readInternal(Class<? extends GraphModel.ContactPage> type,
			HttpInputMessage message) throws java.io.IOException {
		try {
			return read(message.getBody());
		}
		catch (JacksonException ex) {
			throw new HttpMessageNotReadableException("Not a Graph contact page", ex, message);
		}
	}

	@Override
	protected void writeInternal(GraphModel.ContactPage page, HttpOutputMessage message) {
		throw new UnsupportedOperationException("read only");
	}

	/**
	 * A page already read into memory, as the sync reads them.
	 * @throws GraphException {@code graph_unreadable_page} if it is not a contact page
	 */
	static GraphModel.ContactPage read(byte[] body) {
		try {
			return read(new java.io.ByteArrayInputStream(body));
		}
		catch (JacksonException ex) {
			throw new GraphException("graph_unreadable_page", ex);
		}
	}

	/**
	 * Where the page after this one is, if the page says so before its contacts: Graph
	 * writes {@code @odata.nextLink} (or, on the last page, {@code @odata.deltaLink})
	 * ahead of {@code value}, so the next request can start while this page's contacts
	 * are still being read.
	 * @param body the page
	 * @return the next link (empty string on a last page), or {@code null} if the page
	 * names no link before its contacts and only a full read can tell
	 */
	static String leadingNextLink(byte[] body) {
		try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
			if (json.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (json.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = json.currentName();
				JsonToken value = json.nextToken();
				switch (name) {
					case "@odata.nextLink" -> {
						return (value == JsonToken.VALUE_STRING) ? json.getString() : null;
					}
					case "@odata.deltaLink" -> {
						return "";
					}
					case "value" -> {
						return null;
					}
					default -> json.skipChildren();
				}
			}
			return null;
		}
		catch (JacksonException ex) {
			// the full read says what is wrong with it
			return null;
		}
	}

	/**
	 * Where the page after this one is, if the page says so as its last member, found by
	 * reading the page's bytes from the end: the next request can start before the
	 * contacts are read, whichever order the page's members come in.
	 * @param body the page
	 * @return the next link (empty string on a last page), or {@code null} if the page
	 * does not end with a link
	 */
	static String trailingNextLink(byte[] body) {
		int end = skipSpaceBack(body, body.length - 1);
		if (end < 0 || body[end] != '}') {
			return null;
		}
		int valueEnd = skipSpaceBack(body, end - 1);
		if (valueEnd < 0 || body[valueEnd] != '"') {
			return null;
		}
		int valueStart = openingQuote(body, valueEnd - 1);
		int colon = skipSpaceBack(body, valueStart - 1);
		if (valueStart < 0 || colon < 0 || body[colon] != ':') {
			return null;
		}
		int nameEnd = skipSpaceBack(body, colon - 1);
		if (nameEnd < 0 || body[nameEnd] != '"') {
			return null;
		}
		int nameStart = openingQuote(body, nameEnd - 1);
		if (nameStart < 0) {
			return null;
		}
		// the last member alone, as an object: Jackson reads its escapes
		byte[] member = new byte[end - nameStart + 2];
		member[0] = '{';
		System.arraycopy(body, nameStart, member, 1, end - nameStart + 1);
		try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), member)) {
			json.nextToken();
			if (json.nextToken() != JsonToken.PROPERTY_NAME) {
				return null;
			}
			String name = json.currentName();
			if (json.nextToken() != JsonToken.VALUE_STRING) {
				return null;
			}
			return switch (name) {
				case "@odata.nextLink" -> json.getString();
				case "@odata.deltaLink" -> "";
				default -> null;
			};
		}
		catch (JacksonException ex) {
			// the full read says what is wrong with it
			return null;
		}
	}

	private static int skipSpaceBack(byte[] body, int from) {
		int i = from;
		while (i >= 0 && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
			i--;
		}
		return i;
	}

	/** The quote that opens a string whose closing quote is just after {@code from}. */
	private static int openingQuote(byte[] body, int from) {
		for (int i = from; i >= 0; i--) {
			if (body[i] == '"') {
				int backslashes = 0;
				while (i - 1 - backslashes >= 0 && body[i - 1 - backslashes] == '\\') {
					backslashes++;
				}
				if (backslashes % 2 == 0) {
					return i;
				}
			}
		}
		return -1;
	}

	static GraphModel.ContactPage read(InputStream body) {
		try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
			expect(json, json.nextToken(), JsonToken.START_OBJECT);
			String nextLink = null;
			String deltaLink = null;
			List<GraphModel.Contact> contacts = null;
			while (json.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = json.currentName();
				JsonToken value = json.nextToken();
				switch (name) {
					case "@odata.nextLink" -> nextLink = text(json, value);
					case "@odata.deltaLink" -> deltaLink = text(json, value);
					case "value" -> contacts = contacts(json, value);
					default -> json.skipChildren();
				}
			}
			return new GraphModel.ContactPage(contacts, nextLink, deltaLink);
		}
	}

	private static List<GraphModel.Contact> contacts(JsonParser json, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		expect(json, token, JsonToken.START_ARRAY);
		List<GraphModel.Contact> contacts = new ArrayList<>(1000);
		JsonToken next;
		while ((next = json.nextToken()) != JsonToken.END_ARRAY) {
			expect(json, next, JsonToken.START_OBJECT);
			contacts.add(contact(json));
		}
		return contacts;
	}

	private static GraphModel.Contact contact(JsonParser json) {
		String id = null;
		String displayName = null;
		String givenName = null;
		String surname = null;
		String companyName = null;
		List<GraphModel.EmailAddress> emails = null;
		String mobilePhone = null;
		List<String> businessPhones = null;
		List<String> homePhones = null;
		String changeKey = null;
		String parentFolderId = null;
		Map<String, Object> removed = null;
		while (json.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = json.currentName();
			JsonToken value = json.nextToken();
			switch (name) {
				case "id" -> id = text(json, value);
				case "displayName" -> displayName = text(json, value);
				case "givenName" -> givenName = text(json, value);
				case "surname" -> surname = text(json, value);
				case "companyName" -> companyName = text(json, value);
				case "emailAddresses" -> emails = emails(json, value);
				case "mobilePhone" -> mobilePhone = text(json, value);
				case "businessPhones" -> businessPhones = texts(json, value);
				case "homePhones" -> homePhones = texts(json, value);
				case "changeKey" -> changeKey = text(json, value);
				case "parentFolderId" -> parentFolderId = text(json, value);
				case "@removed" -> removed = removed(json, value);
				default -> json.skipChildren();
			}
		}
		return new GraphModel.Contact(id, displayName, givenName, surname, companyName, emails, mobilePhone,
				businessPhones, homePhones, changeKey, parentFolderId, removed);
	}

	private static List<GraphModel.EmailAddress> emails(JsonParser json, JsonToken token) {
		if (token != JsonToken.START_ARRAY) {
			json.skipChildren();
			return null;
		}
		List<GraphModel.EmailAddress> emails = new ArrayList<>(2);
		JsonToken next;
		while ((next = json.nextToken()) != JsonToken.END_ARRAY) {
			if (next != JsonToken.START_OBJECT) {
				json.skipChildren();
				continue;
			}
			String name = null;
			String address = null;
			while (json.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = json.currentName();
				JsonToken value = json.nextToken();
				switch (field) {
					case "name" -> name = text(json, value);
					case "address" -> address = text(json, value);
					default -> json.skipChildren();
				}
			}
			emails.add(new GraphModel.EmailAddress(name, address));
		}
		return emails;
	}

	private static List<String> texts(JsonParser json, JsonToken token) {
		if (token != JsonToken.START_ARRAY) {
			json.skipChildren();
			return null;
		}
		List<String> texts = new ArrayList<>(2);
		JsonToken next;
		while ((next = json.nextToken()) != JsonToken.END_ARRAY) {
			texts.add(text(json, next));
		}
		return texts;
	}

	/** Present means removed, whatever it holds; the reason is kept when there is one. */
	private static Map<String, Object> removed(JsonParser json, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		String reason = null;
		if (token == JsonToken.START_OBJECT) {
			while (json.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = json.currentName();
				JsonToken value = json.nextToken();
				if (field.equals("reason")) {
					reason = text(json, value);
				}
				else {
					json.skipChildren();
				}
			}
		}
		else {
			json.skipChildren();
		}
		return (reason != null) ? Map.of("reason", reason) : Map.of();
	}

	/**
	 * A scalar as text; {@code null} for null, objects and arrays (which are skipped).
	 */
	private static String text(JsonParser json, JsonToken token) {
		if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
			json.skipChildren();
			return null;
		}
		return (token == JsonToken.VALUE_NULL) ? null : json.getString();
	}

	private static void expect(JsonParser json, JsonToken actual, JsonToken expected) {
		if (actual != expected) {
			throw new tools.jackson.core.exc.StreamReadException(json, "Expected " + expected + " but found " + actual);
		}
	}

}
