package com.whiskeysocket.crm.google;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.contacts.Labels;
import com.whiskeysocket.crm.contacts.LabeledValue;

/**
 * A Google person as the contact list receives it: every phone number (the mobile-typed
 * ones first, each as Google's canonical form before the number as typed), the primary
 * name, email and organization (else the first).
 */
final class GoogleContacts {

	private GoogleContacts() {
	}

	static IncomingContact toIncoming(PeopleModel.Person person) {
		PeopleModel.Name name = primary(person.names(), PeopleModel.Name::metadata, GoogleContacts::anyName)
			.orElse(null);
		String company = primary(person.organizations(), PeopleModel.Organization::metadata, (org) -> org.name())
			.map(PeopleModel.Organization::name)
			.orElse(null);
		return new IncomingContact(person.resourceName(), (name != null) ? name.displayName() : null,
				(name != null) ? name.givenName() : null, (name != null) ? name.familyName() : null, company,
				emails(person), phones(person.phoneNumbers()), person.etag(), null);
	}

	/** The primary email address, else the first. */
	static Optional<String> email(PeopleModel.Person person) {
		return primary(person.emailAddresses(), PeopleModel.EmailAddress::metadata, PeopleModel.EmailAddress::value)
			.map(PeopleModel.EmailAddress::value);
	}

	/** Every email address, the primary first, each with its type as label. */
	static List<LabeledValue> emails(PeopleModel.Person person) {
		if (person.emailAddresses() == null) {
			return List.of();
		}
		List<LabeledValue> emails = new ArrayList<>();
		email(person).ifPresent((primary) -> emails.add(new LabeledValue(primary,
				label(person.emailAddresses()
					.stream()
					.filter((e) -> primary.equals(e.value()))
					.findFirst()
					.map((e) -> firstNonBlank(e.type(), e.formattedType()))
					.orElse(null)))));
		for (PeopleModel.EmailAddress email : person.emailAddresses()) {
			if (email != null && email.value() != null && !email.value().isBlank()
					&& emails.stream().noneMatch((e) -> e.value().equals(email.value()))) {
				emails.add(new LabeledValue(email.value(), label(firstNonBlank(email.type(), email.formattedType()))));
			}
		}
		return emails;
	}

	/**
	 * Every number, mobile-typed ones first, each as Google's canonical form before the
	 * number as typed (the merge keeps the first of them that is valid), each with its
	 * type (or the user's own label) as label.
	 */
	static List<LabeledValue> phones(List<PeopleModel.PhoneNumber> numbers) {
		List<LabeledValue> phones = new ArrayList<>();
		if (numbers == null) {
			return phones;
		}
		// a stable sort: mobile numbers first, otherwise Google's order
		List<PeopleModel.PhoneNumber> ordered = numbers.stream()
			.sorted(Comparator.comparingInt((PeopleModel.PhoneNumber number) -> isMobile(number) ? 0 : 1))
			.toList();
		for (PeopleModel.PhoneNumber number : ordered) {
			String label = label(firstNonBlank(number.type(), number.formattedType()));
			if (number.canonicalForm() != null && !number.canonicalForm().isBlank()) {
				phones.add(new LabeledValue(number.canonicalForm(), label));
			}
			if (number.value() != null && !number.value().isBlank()) {
				phones.add(new LabeledValue(number.value(), label));
			}
		}
		return phones;
	}

	/** Google's types are camel case ({@code workMobile}, {@code homeFax}). */
	private static String label(String type) {
		if (type == null) {
			return null;
		}
		return switch (type) {
			case "workMobile" -> "mobile";
			case "workFax", "homeFax", "otherFax" -> "fax";
			case "workPager", "pager" -> "pager";
			default -> Labels.normalize(type);
		};
	}

	private static String firstNonBlank(String first, String second) {
		return (first != null && !first.isBlank()) ? first : second;
	}

	private static boolean isMobile(PeopleModel.PhoneNumber number) {
		return number.type() != null && number.type().toLowerCase(Locale.ROOT).contains("mobile");
	}

	private static String anyName(PeopleModel.Name name) {
		return String.join("", (name.displayName() != null) ? name.displayName() : "",
				(name.givenName() != null) ? name.givenName() : "",
				(name.familyName() != null) ? name.familyName() : "");
	}

	/** The primary value with content, else the first with content. */
	private static <T> Optional<T> primary(List<T> values, Function<T, PeopleModel.FieldMetadata> metadata,
			Function<T, String> content) {
		if (values == null) {
			return Optional.empty();
		}
		Predicate<T> filled = (value) -> value != null && content.apply(value) != null
				&& !content.apply(value).isBlank();
		return values.stream()
			.filter(filled)
			.filter((value) -> PeopleModel.FieldMetadata.isPrimary(metadata.apply(value)))
			.findFirst()
			.or(() -> values.stream().filter(filled).findFirst());
	}

}
