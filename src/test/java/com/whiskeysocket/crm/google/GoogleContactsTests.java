package com.whiskeysocket.crm.google;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.contacts.LabeledValue;

import static org.assertj.core.api.Assertions.assertThat;

/** How a Google person becomes an incoming contact. */
class GoogleContactsTests {

	private static final PeopleModel.FieldMetadata PRIMARY = new PeopleModel.FieldMetadata(true);

	@Test
	void mobileNumbersComeFirstEachAsGooglesCanonicalFormBeforeTheTypedOne() {
		List<String> phones = LabeledValue
			.values(GoogleContacts.phones(List.of(new PeopleModel.PhoneNumber(null, "021 555", null, "work"),
					new PeopleModel.PhoneNumber(null, "0812-3456-7890", "+6281234567890", "mobile"),
					new PeopleModel.PhoneNumber(null, "0813 1111 2222", null, "Mobile"))));

		assertThat(phones).containsExactly("+6281234567890", "0812-3456-7890", "0813 1111 2222", "021 555");
	}

	@Test
	void thePrimaryNameEmailAndOrganizationWinElseTheFirstFilledOne() {
		PeopleModel.Person person = new PeopleModel.Person("people/c1", "etag-1", null,
				List.of(new PeopleModel.Name(null, "Old Name", null, null),
						new PeopleModel.Name(PRIMARY, "Rina Kusuma", "Rina", "Kusuma")),
				List.of(),
				List.of(new PeopleModel.EmailAddress(null, " "),
						new PeopleModel.EmailAddress(null, "rina@example.test")),
				List.of(new PeopleModel.Organization(PRIMARY, "PT Contoh")));

		IncomingContact incoming = GoogleContacts.toIncoming(person);

		assertThat(incoming.externalId()).isEqualTo("people/c1");
		assertThat(incoming.displayName()).isEqualTo("Rina Kusuma");
		assertThat(incoming.email()).isEqualTo("rina@example.test");
		assertThat(incoming.company()).isEqualTo("PT Contoh");
		assertThat(incoming.changeKey()).isEqualTo("etag-1");
	}

	@Test
	void aPersonWithoutNamesStillMapsAndLetsTheImportFallBack() {
		IncomingContact incoming = GoogleContacts
			.toIncoming(new PeopleModel.Person("people/c2", null, null, null, null, null, null));

		assertThat(incoming.displayName()).isNull();
		assertThat(incoming.phones()).isEmpty();
	}

}
