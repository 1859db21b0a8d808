package com.whiskeysocket.crm.contacts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.whiskeysocket.crm.contacts.MergeRules.Decision;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.MergeRules.Incoming;
import com.whiskeysocket.crm.contacts.MergeRules.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge rules of an Outlook, Google or WhatsApp contact meeting an existing CRM
 * contact, as tables.
 */
class MergeRulesTests {

	@ParameterizedTest(name = "{0} ''{1}'' (Outlook id {2}, edited={3}, other mailbox={4}) -> {6} {7} ''{8}''")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					# source | CRM name | CRM Outlook id | edited | other mailbox | Outlook name | outcome | new source | new name | new Outlook id
					WHATSAPP | Rina WA  | -          | false | false | Rina Kusuma | MERGED    | BOTH     | Rina Kusuma | AAMk-1
					WHATSAPP | Rina WA  | -          | true  | false | Rina Kusuma | MERGED    | BOTH     | Rina WA     | AAMk-1
					GOOGLE   | Rina G   | -          | false | false | Rina Kusuma | UPDATED   | GOOGLE   | Rina Kusuma | AAMk-1
					GOOGLE   | Rina G   | -          | true  | false | Rina Kusuma | UPDATED   | GOOGLE   | Rina G      | AAMk-1
					GOOGLE   | Rina K   | AAMk-1     | false | false | Rina K      | UNCHANGED | GOOGLE   | Rina K      | AAMk-1
					OUTLOOK  | Rina Old | AAMk-1     | false | false | Rina Kusuma | UPDATED   | OUTLOOK  | Rina Kusuma | AAMk-1
					BOTH     | Rina Old | AAMk-1     | false | false | Rina Kusuma | UPDATED   | BOTH     | Rina Kusuma | AAMk-1
					OUTLOOK  | Rina     | AAMk-1     | false | false | Rina        | UNCHANGED | OUTLOOK  | Rina        | AAMk-1
					OUTLOOK  | Rina Old | AAMk-1     | true  | false | Rina Kusuma | UNCHANGED | OUTLOOK  | Rina Old    | AAMk-1
					OUTLOOK  | Rina     | AAMk-stale | false | false | Rina        | UPDATED   | OUTLOOK  | Rina        | AAMk-1
					OUTLOOK  | Rina O   | AAMk-other | false | true  | Rina Kusuma | UNCHANGED | OUTLOOK  | Rina O      | AAMk-other
					BOTH     | Rina WA  | AAMk-other | false | true  | Rina Kusuma | UNCHANGED | BOTH     | Rina WA     | AAMk-other
					MANUAL   | Rina H   | -          | true  | false | Rina Kusuma | MERGED    | MANUAL   | Rina H      | AAMk-1
					MANUAL   | Rina H   | -          | false | false | Rina Kusuma | MERGED    | MANUAL   | Rina Kusuma | AAMk-1
					MANUAL   | Rina H   | AAMk-1     | true  | false | Rina Kusuma | UNCHANGED | MANUAL   | Rina H      | AAMk-1
					MANUAL   | Rina H   | AAMk-1     | false | false | Rina Kusuma | UPDATED   | MANUAL   | Rina Kusuma | AAMk-1
					""")
	void outlookContactMeetsAnExistingContact(Source source, String name, String outlookId, boolean edited,
			boolean otherMailbox, String outlookName, Outcome outcome, Source newSource, String newName,
			String newOutlookId) {
		Existing existing = new Existing(7, source, name, null, null, outlookId, edited);

		Decision decision = MergeRules.outlook(existing, new Incoming("AAMk-1", outlookName, null, null), otherMailbox);

		assertThat(decision.outcome()).isEqualTo(outcome);
		assertThat(decision.result().source()).isEqualTo(newSource);
		assertThat(decision.result().name()).isEqualTo(newName);
		assertThat(decision.result().outlookContactId()).isEqualTo(newOutlookId);
		assertThat(decision.result().nameEdited()).isEqualTo(edited);
		assertThat(decision.writes(existing)).isEqualTo(outcome.changes());
	}

	@ParameterizedTest(name = "CRM email={0} company={1}, Outlook email={2} company={3} -> {4} {5} ({6})")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			-           | -      | new@x.id | PT Baru | new@x.id | PT Baru | UPDATED
			old@x.id    | PT Old | new@x.id | PT Baru | old@x.id | PT Old  | UNCHANGED
			old@x.id    | -      | -        | PT Baru | old@x.id | PT Baru | UPDATED
			-           | -      | -        | -       | -        | -       | UNCHANGED
			""")
	void emailAndCompanyAreFilledOnlyWhereTheCrmHasNone(String email, String company, String outlookEmail,
			String outlookCompany, String newEmail, String newCompany, Outcome outcome) {
		Existing existing = new Existing(7, Source.OUTLOOK, "Rina", email, company, "AAMk-1", false);

		Decision decision = MergeRules.outlook(existing, new Incoming("AAMk-1", "Rina", outlookEmail, outlookCompany),
				false);

		assertThat(decision.result().email()).isEqualTo(newEmail);
		assertThat(decision.result().company()).isEqualTo(newCompany);
		assertThat(decision.outcome()).isEqualTo(outcome);
	}

	@ParameterizedTest(
			name = "{0} ''{1}'' (Outlook id {2}, Google id {3}, edited={4}, other book={5}) -> {7} {8} ''{9}''")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					# source | CRM name | Outlook id | Google id | edited | other book | Google name | outcome | new source | new name
					WHATSAPP | Rina WA  | -      | -          | false | false | Rina Kusuma | MERGED    | BOTH     | Rina Kusuma
					WHATSAPP | Rina WA  | -      | -          | true  | false | Rina Kusuma | MERGED    | BOTH     | Rina WA
					OUTLOOK  | Rina O   | AAMk-1 | -          | false | false | Rina Kusuma | UPDATED   | GOOGLE   | Rina O
					OUTLOOK  | Rina O   | AAMk-1 | people/c1  | false | false | Rina Kusuma | UPDATED   | GOOGLE   | Rina O
					GOOGLE   | Rina O   | AAMk-1 | people/c1  | false | false | Rina Kusuma | UNCHANGED | GOOGLE   | Rina O
					GOOGLE   | Rina Old | -      | people/c1  | false | false | Rina Kusuma | UPDATED   | GOOGLE   | Rina Kusuma
					GOOGLE   | Rina     | -      | people/c1  | false | false | Rina        | UNCHANGED | GOOGLE   | Rina
					GOOGLE   | Rina Old | -      | people/c1  | true  | false | Rina Kusuma | UNCHANGED | GOOGLE   | Rina Old
					BOTH     | Rina Old | -      | people/c1  | false | false | Rina Kusuma | UPDATED   | BOTH     | Rina Kusuma
					BOTH     | Rina O   | AAMk-1 | -          | false | false | Rina Kusuma | UPDATED   | BOTH     | Rina O
					GOOGLE   | Rina G   | -      | people/c9  | false | true  | Rina Kusuma | UNCHANGED | GOOGLE   | Rina G
					MANUAL   | Rina H   | -      | -          | true  | false | Rina Kusuma | MERGED    | MANUAL   | Rina H
					MANUAL   | Rina H   | -      | people/c1  | false | false | Rina Kusuma | UPDATED   | MANUAL   | Rina Kusuma
					""")
	void googleContactMeetsAnExistingContact(Source source, String name, String outlookId, String googleId,
			boolean edited, boolean otherBook, String googleName, Outcome outcome, Source newSource, String newName) {
		Existing existing = new Existing(7, source, name, null, null, outlookId, googleId, edited);

		Decision decision = MergeRules.google(existing, new Incoming("people/c1", googleName, null, null), otherBook);

		assertThat(decision.outcome()).isEqualTo(outcome);
		assertThat(decision.result().source()).isEqualTo(newSource);
		assertThat(decision.result().name()).isEqualTo(newName);
		assertThat(decision.result().googleContactId()).isEqualTo(otherBook ? googleId : "people/c1");
		assertThat(decision.result().outlookContactId()).isEqualTo(outlookId);
		assertThat(decision.writes(existing)).isEqualTo(outcome.changes());
	}

	@ParameterizedTest(name = "Outlook on a contact with Google id {0} keeps it")
	@CsvSource(nullValues = "-", textBlock = """
			people/c1
			-
			""")
	void outlookKeepsTheGoogleId(String googleId) {
		Existing existing = new Existing(7, Source.GOOGLE, "Rina", null, null, "AAMk-1", googleId, false);

		Decision decision = MergeRules.outlook(existing, new Incoming("AAMk-1", "Rina", null, null), false);

		assertThat(decision.result().googleContactId()).isEqualTo(googleId);
		assertThat(decision.outcome()).isEqualTo(Outcome.UNCHANGED);
	}

	@ParameterizedTest(name = "{0} ''{1}'' (edited={2}, known to WhatsApp={3}) + WhatsApp ''{4}'' -> {5} {6} ''{7}''")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					# source | CRM name          | edited | known | WhatsApp name     | outcome   | new source | new name
					GOOGLE   | Rina Kusuma       | false  | false | Rina WA           | MERGED    | BOTH       | Rina Kusuma
					OUTLOOK  | Rina Kusuma       | false  | false | Rina WA           | MERGED    | BOTH       | Rina Kusuma
					GOOGLE   | +62 812-3456-7890 | false  | false | Rina WA           | MERGED    | BOTH       | +62 812-3456-7890
					OUTLOOK  | Rina H            | true   | false | Rina WA           | MERGED    | BOTH       | Rina H
					WHATSAPP | +62 812-3456-7890 | false  | true  | Rina WA           | UPDATED   | WHATSAPP   | Rina WA
					WHATSAPP | 6281234567890     | false  | true  | Rina WA           | UPDATED   | WHATSAPP   | Rina WA
					WHATSAPP | Rina              | false  | true  | Rina WA           | UNCHANGED | WHATSAPP   | Rina
					WHATSAPP | Rina              | false  | true  | +62 812-3456-7890 | UNCHANGED | WHATSAPP   | Rina
					WHATSAPP | +62 812-3456-7890 | false  | true  | +62 812-3456-7890 | UNCHANGED | WHATSAPP   | +62 812-3456-7890
					WHATSAPP | 6281234567890     | false  | true  | +62 812-3456-7890 | UNCHANGED | WHATSAPP   | 6281234567890
					WHATSAPP | ' '               | false  | true  | +62 812-3456-7890 | UPDATED   | WHATSAPP   | +62 812-3456-7890
					WHATSAPP | 6281234567890     | true   | true  | Rina WA           | UNCHANGED | WHATSAPP   | 6281234567890
					BOTH     | +62 812-3456-7890 | false  | false | Rina WA           | UPDATED   | BOTH       | Rina WA
					BOTH     | Rina Kusuma       | false  | true  | Rina WA           | UNCHANGED | BOTH       | Rina Kusuma
					BOTH     | 0812 3456 7890    | true   | true  | Rina WA           | UNCHANGED | BOTH       | 0812 3456 7890
					MANUAL   | Rina H            | true   | false | Rina WA           | MERGED    | MANUAL     | Rina H
					MANUAL   | Rina Imported     | false  | false | Rina WA           | MERGED    | MANUAL     | Rina Imported
					MANUAL   | Rina H            | true   | true  | Rina WA           | UNCHANGED | MANUAL     | Rina H
					""")
	void whatsAppContactMeetsAnExistingContact(Source source, String name, boolean edited, boolean known,
			String whatsAppName, Outcome outcome, Source newSource, String newName) {
		Existing existing = new Existing(7, source, name, "rina@example.com", null, "AAMk-1", "people/c1", edited);

		Decision decision = MergeRules.whatsapp(existing,
				new Incoming("6281234567890@s.whatsapp.net", whatsAppName, null, null), known);

		assertThat(decision.outcome()).isEqualTo(outcome);
		assertThat(decision.result().source()).isEqualTo(newSource);
		assertThat(decision.result().name()).isEqualTo(newName);
		assertThat(decision.result().nameEdited()).isEqualTo(edited);
		// WhatsApp brings no email, company or address-book id: those stay as they are
		assertThat(decision.result().email()).isEqualTo("rina@example.com");
		assertThat(decision.result().outlookContactId()).isEqualTo("AAMk-1");
		assertThat(decision.result().googleContactId()).isEqualTo("people/c1");
		// a contact added by hand keeps every column: only its WhatsApp link is new
		assertThat(decision.writes(existing)).isEqualTo(outcome.changes() && source != Source.MANUAL);
	}

	@ParameterizedTest(name = "address book ''{0}'', verified ''{1}'', push ''{2}'' -> ''{3}''")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			Rina Kusuma | Toko Rina | Rina WA | Rina Kusuma
			-           | Toko Rina | Rina WA | Toko Rina
			' '         | -         | Rina WA | Rina WA
			-           | -         | -       | +62 812-3456-7890
			""")
	void aNewWhatsAppContactIsNamedByTheAddressBookThenVerifiedThenPushNameThenNumber(String name, String verifiedName,
			String pushName, String expected) {
		IncomingContact contact = IncomingContact.whatsApp("6281234567890@s.whatsapp.net", "6281234567890", name,
				verifiedName, pushName);

		assertThat(contact.name(() -> "+62 812-3456-7890")).isEqualTo(expected);
		assertThat(contact.rawPhones()).containsExactly("+6281234567890");
		assertThat(contact.externalId()).isEqualTo("6281234567890@s.whatsapp.net");
	}

	@ParameterizedTest(
			name = "{0} ''{1}'' (Outlook id {2}, Google id {3}, edited={4}) + file ''{5}'' -> {6} ''{7}'' edited={8}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# source | CRM name | Outlook id | Google id | edited | file name   | outcome   | new name    | new edited
			WHATSAPP | Rina WA  | -          | -         | false  | Rina Kusuma | MERGED    | Rina Kusuma | true
			WHATSAPP | Rina WA  | -          | -         | false  | -           | UNCHANGED | Rina WA     | false
			WHATSAPP | Rina WA  | -          | -         | true   | Rina Kusuma | UNCHANGED | Rina WA     | true
			WHATSAPP | Rina     | -          | -         | false  | Rina        | UNCHANGED | Rina        | false
			BOTH     | Rina O   | AAMk-1     | -         | false  | Rina Kusuma | UNCHANGED | Rina O      | false
			OUTLOOK  | Rina O   | AAMk-1     | -         | false  | Rina Kusuma | UNCHANGED | Rina O      | false
			GOOGLE   | Rina G   | -          | c1        | false  | Rina Kusuma | UNCHANGED | Rina G      | false
			MANUAL   | Rina H   | -          | -         | true   | Rina Kusuma | UNCHANGED | Rina H      | true
			MANUAL   | Rina H   | -          | -         | false  | Rina Kusuma | UNCHANGED | Rina H      | false
			""")
	void importedRowKeepsTheNameUnlessOnlyWhatsAppGaveIt(Source source, String name, String outlookId, String googleId,
			boolean edited, String fileName, Outcome outcome, String newName, boolean newEdited) {
		Existing existing = new Existing(7, source, name, null, null, outlookId, googleId, edited);

		Decision decision = MergeRules.imported(existing, new Incoming("row 2", fileName, null, null));

		assertThat(decision.outcome()).isEqualTo(outcome);
		assertThat(decision.result().source()).isEqualTo(source);
		assertThat(decision.result().name()).isEqualTo(newName);
		assertThat(decision.result().nameEdited()).isEqualTo(newEdited);
		assertThat(decision.result().outlookContactId()).isEqualTo(outlookId);
		assertThat(decision.result().googleContactId()).isEqualTo(googleId);
		assertThat(decision.writes(existing)).isEqualTo(outcome.changes());
	}

	@ParameterizedTest(name = "CRM email={0} company={1}, file email={2} company={3} -> {4} {5} ({6})")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			-           | -      | new@x.id | PT Baru | new@x.id | PT Baru | MERGED
			old@x.id    | PT Old | new@x.id | PT Baru | old@x.id | PT Old  | UNCHANGED
			old@x.id    | -      | -        | PT Baru | old@x.id | PT Baru | MERGED
			-           | -      | -        | -       | -        | -       | UNCHANGED
			""")
	void importFillsEmailAndCompanyOnlyWhereTheCrmHasNone(String email, String company, String fileEmail,
			String fileCompany, String newEmail, String newCompany, Outcome outcome) {
		Existing existing = new Existing(7, Source.OUTLOOK, "Rina", email, company, "AAMk-1", false);

		Decision decision = MergeRules.imported(existing, new Incoming("row 2", "Rina K", fileEmail, fileCompany));

		assertThat(decision.result().email()).isEqualTo(newEmail);
		assertThat(decision.result().company()).isEqualTo(newCompany);
		assertThat(decision.result().name()).isEqualTo("Rina");
		assertThat(decision.outcome()).isEqualTo(outcome);
	}

}
