package com.whiskeysocket.crm.outlook;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContactPageReaderTests {

	private static final String PAGE = """
			{
			  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('a1b2c3')/contacts",
			  "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/contacts?$top=2&$skip=2",
			  "value": [
			    {
			      "@odata.etag": "W/\\"EQAAABYAAAA1dXr7ZfP3Q5uJ3+UfsaKbAAAk2x1g\\"",
			      "id": "AAMkAGI2THVSAAA=",
			      "changeKey": "EQAAABYAAAA1dXr7ZfP3Q5uJ3+UfsaKbAAAk2x1g",
			      "displayName": "Rina \\"RK\\" Kusuma \\u00e9",
			      "givenName": "Rina",
			      "surname": "Kusuma",
			      "companyName": "PT Contoh Jaya",
			      "jobTitle": "Manager",
			      "categories": ["a", {"nested": [1, 2, {"deep": true}]}],
			      "mobilePhone": "0812-3456-7890",
			      "businessPhones": ["+62 21 5550 1234", null],
			      "homePhones": [],
			      "emailAddresses": [{"name": "Rina Kusuma", "address": "rina@contoh.co.id", "extra": {"x": 1}},
			                         {"address": null}],
			      "parentFolderId": "AAMkAGI2AAEOAAA="
			    },
			    {
			      "id": "AAMkAGI2THVTAAA=",
			      "displayName": null,
			      "companyName": null,
			      "mobilePhone": null,
			      "businessPhones": null,
			      "emailAddresses": []
			    },
			    {
			      "@odata.type": "#microsoft.graph.contact",
			      "id": "AAMkAGI2THVUAAA=",
			      "@removed": {"reason": "deleted"}
			    },
			    {
			      "id": "AAMkAGI2THVVAAA=",
			      "@removed": {}
			    }
			  ]
			}
			""";

	@Test
	void readsWhatDataBindingReadsFromGraphsShapes() {
		GraphModel.ContactPage streamed = read(PAGE);
		GraphModel.ContactPage bound = JsonMapper.builder()
			.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build()
			.readValue(PAGE, GraphModel.ContactPage.class);
		assertThat(streamed.contacts()).hasSize(4);
		assertThat(streamed).isEqualTo(bound);
		GraphModel.Contact first = streamed.contacts().get(0);
		assertThat(first.displayName()).isEqualTo("Rina \"RK\" Kusuma é");
		assertThat(first.businessPhones()).containsExactly("+62 21 5550 1234", null);
		assertThat(first.emailAddresses()).hasSize(2);
		assertThat(streamed.contacts().get(2).isRemoved()).isTrue();
		assertThat(streamed.contacts().get(3).isRemoved()).isTrue();
		assertThat(streamed.contacts().get(1).isRemoved()).isFalse();
		assertThat(streamed.nextLink()).endsWith("$skip=2");
		assertThat(streamed.deltaLink()).isNull();
	}

	@Test
	void readsTheLastPageOfARoundWithItsDeltaLinkAndAnEmptyPage() {
		GraphModel.ContactPage last = read("{\"value\":[],\"@odata.deltaLink\":\"https://graph.microsoft.com/d?t=1\"}");
		assertThat(last.contacts()).isEmpty();
		assertThat(last.deltaLink()).isEqualTo("https://graph.microsoft.com/d?t=1");
		assertThat(read("{}").contacts()).isEmpty();
		assertThat(read("{\"value\":null}").contacts()).isEqualTo(List.of());
	}

	@Test
	void refusesWhatIsNotAContactPage() {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> read("[1, 2]"));
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> read("{\"value\": [1]}"));
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> read("{\"value\": [{\"id\": \"x\""));
	}

	@Test
	void findsTheNextLinkAheadOfTheContactsAsGraphWritesIt() {
		assertThat(ContactPageReader.leadingNextLink(bytes(PAGE))).isEqualTo(read(PAGE).nextLink())
			.startsWith("https://graph.microsoft.com/");
		// the last page of a round: no page after it
		assertThat(ContactPageReader
			.leadingNextLink(bytes("{\"@odata.deltaLink\":\"https://graph.microsoft.com/d?t=1\",\"value\":[]}")))
			.isEmpty();
	}

	@Test
	void saysItCannotTellWhenTheLinkComesAfterTheContactsOrThePageIsBroken() {
		assertThat(ContactPageReader
			.leadingNextLink(bytes("{\"value\":[],\"@odata.nextLink\":\"https://graph.microsoft.com/n?p=2\"}")))
			.isNull();
		assertThat(ContactPageReader.leadingNextLink(bytes("[1, 2]"))).isNull();
		assertThat(ContactPageReader.leadingNextLink(bytes("{\"@odata.context\": {"))).isNull();
	}

	@Test
	void findsTheNextLinkAtTheEndOfThePageWithoutReadingTheContacts() {
		assertThat(ContactPageReader.trailingNextLink(bytes(
				"{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\" : \"https://graph.microsoft.com/n?p=2&x=\\u0026\" }\n")))
			.isEqualTo("https://graph.microsoft.com/n?p=2&x=&");
		assertThat(ContactPageReader
			.trailingNextLink(bytes("{\"value\":[],\"@odata.deltaLink\":\"https://graph.microsoft.com/d?t=1\"}")))
			.isEmpty();
	}

	@Test
	void aLinkInsideAContactOrBeforeTheContactsIsNotTakenForTheTrailingOne() {
		// a note quoting a link, escaped inside its string
		assertThat(ContactPageReader.trailingNextLink(
				bytes("{\"value\":[{\"personalNotes\":\"\\\"@odata.nextLink\\\": \\\"https://evil.example/\\\"\"}]}")))
			.isNull();
		// the page's last member quoting a link in its escaped string
		assertThat(ContactPageReader.trailingNextLink(
				bytes("{\"value\":[],\"note\":\"say \\\"@odata.nextLink\\\": \\\"https://evil.example/\"}")))
			.isNull();
		// a member of the last contact, not of the page
		assertThat(ContactPageReader
			.trailingNextLink(bytes("{\"value\":[{\"@odata.nextLink\":\"https://graph.microsoft.com/n?p=9\"}]}")))
			.isNull();
		assertThat(ContactPageReader.trailingNextLink(bytes(PAGE))).isNull();
		assertThat(ContactPageReader.trailingNextLink(bytes("\"}"))).isNull();
		assertThat(ContactPageReader.trailingNextLink(bytes(""))).isNull();
	}

	@Test
	void aBrokenPageReadFromMemoryIsAGraphFailure() {
		assertThatExceptionOfType(GraphException.class)
			.isThrownBy(() -> ContactPageReader.read(bytes("{\"value\": [1]}")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("graph_unreadable_page"));
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static GraphModel.ContactPage read(String json) {
		return ContactPageReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

}
