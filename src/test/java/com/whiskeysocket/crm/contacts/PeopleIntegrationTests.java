package com.whiskeysocket.crm.contacts;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A person's numbers and emails as the forms and the API replace them: labels, one
 * primary copied to {@code contacts}, a number of another person refused with its id.
 */
@SpringBootTest
class PeopleIntegrationTests {

	@Autowired
	private People people;

	@Autowired
	private ContactService service;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void noContacts() {
		jdbc.update("DELETE FROM contacts");
	}

	@Test
	void numbersAreReplacedWithLabelsAndTheirPrimaryIsTheContactsPhone() {
		long id = service.create(form("Rina", "0812-1111-0001", "rina@example.com"));
		long version = version(id);
		assertThat(people.phones(id))
			.containsExactly(new ContactPhone("6281211110001", null, true, List.of(KnownBy.manual())));

		people.replacePhones(id, List.of(new PhoneEntry("0812-1111-0001", "Handphone", false),
				new PhoneEntry("+62 21 555 0001", "office", true), new PhoneEntry("62 812 1111 0001", "x", false)));

		assertThat(people.phones(id)).extracting(ContactPhone::digits, ContactPhone::label, ContactPhone::primary)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("62215550001", "work", true),
					org.assertj.core.groups.Tuple.tuple("6281211110001", "mobile", false));
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("62215550001");
		assertThat(version(id)).isEqualTo(version + 1);
		assertThat(people.ownerOf("0812 1111 0001")).contains(id);

		people.replacePhones(id, List.of());
		assertThat(people.phones(id)).isEmpty();
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE id = ?", String.class, id)).isNull();
	}

	@Test
	void aNumberOfAnotherPersonIsRefusedWithTheirIdAndNothingIsSaved() {
		long rina = service.create(form("Rina", "0812-1111-0001", null));
		long budi = service.create(form("Budi", "0812-1111-0002", null));
		people.replacePhones(budi,
				List.of(new PhoneEntry("0812-1111-0002", null, true), new PhoneEntry("0812-1111-0003", "home", false)));

		assertThatExceptionOfType(PhoneRejectedException.class).isThrownBy(() -> people.replacePhones(rina,
				List.of(new PhoneEntry("0812-1111-0009", null, true), new PhoneEntry("0812-1111-0003", null, false))))
			.satisfies((ex) -> {
				assertThat(ex.isDuplicate()).isTrue();
				assertThat(ex.ownerId()).isEqualTo(budi);
				assertThat(ex.owner()).isEqualTo("Budi");
				assertThat(ex.index()).isEqualTo(1);
			});
		assertThat(people.phones(rina)).extracting(ContactPhone::digits).containsExactly("6281211110001");
		assertThat(people.checkPhones(rina,
				List.of(new PhoneEntry("nope", null, true), new PhoneEntry("0812-1111-0002", null, false),
						new PhoneEntry("0812-1111-0001", null, false))))
			.extracting(PhoneRejectedException::index, PhoneRejectedException::isDuplicate)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(0, false),
					org.assertj.core.groups.Tuple.tuple(1, true));
		// the form refuses it too
		assertThat(service.checkPhone("0812-1111-0003", rina)).get()
			.extracting(PhoneRejectedException::ownerId)
			.isEqualTo(budi);
	}

	@Test
	void emailsAreOneCaseInsensitivelyAndTheirPrimaryIsTheContactsEmail() {
		long id = service.create(form("Rina", "0812-1111-0001", "Rina@Example.com"));
		long other = service.create(form("Shared", "0812-1111-0002", "rina@example.com"));

		people.replaceEmails(id, List.of(new EmailEntry("rina@work.example", "work", false),
				new EmailEntry("RINA@example.com", "home", true), new EmailEntry("rina@EXAMPLE.com", null, false)));

		assertThat(people.emails(id)).extracting(ContactEmail::address, ContactEmail::label, ContactEmail::primary)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("RINA@example.com", "home", true),
					org.assertj.core.groups.Tuple.tuple("rina@work.example", "work", false));
		assertThat(jdbc.queryForObject("SELECT email FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("RINA@example.com");
		assertThat(people.emails(other)).extracting(ContactEmail::key).containsExactly("rina@example.com");
		assertThatExceptionOfType(EmailRejectedException.class)
			.isThrownBy(() -> people.replaceEmails(id, List.of(new EmailEntry("not an email", null, true))));
	}

	@Test
	void theEditFormsNumberReplacesThePrimaryAndKeepsTheOthers() {
		long id = service.create(form("Rina", "0812-1111-0001", "rina@example.com"));
		people.replacePhones(id, List.of(new PhoneEntry("0812-1111-0001", "mobile", true),
				new PhoneEntry("0812-1111-0002", "home", false)));

		service.update(id, new ContactForm("Rina", "0812-1111-0005", "", null, LeadStatus.NEW, null, true, null, null));

		assertThat(people.phones(id)).extracting(ContactPhone::digits, ContactPhone::primary)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("6281211110005", true),
					org.assertj.core.groups.Tuple.tuple("6281211110002", false));
		assertThat(people.emails(id)).isEmpty();
		assertThat(jdbc.queryForObject("SELECT name_key FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("rina | ");
	}

	private long version(long id) {
		return jdbc.queryForObject("SELECT version FROM contacts WHERE id = ?", Long.class, id);
	}

	private static ContactForm form(String name, String phone, String email) {
		return new ContactForm(name, phone, email, null, LeadStatus.NEW, null, true, null, null);
	}

}
