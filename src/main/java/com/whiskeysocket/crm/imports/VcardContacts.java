package com.whiskeysocket.crm.imports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ezvcard.VCard;
import ezvcard.parameter.VCardParameter;
import ezvcard.property.Email;
import ezvcard.property.Note;
import ezvcard.property.RawProperty;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.VCardProperty;

import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.LabeledValue;

/**
 * A vCard (2.1, 3.0 or 4.0) as a contact: the name from {@code FN}, else {@code N}; every
 * {@code TEL} and {@code EMAIL} with its label, from {@code TYPE} ({@code CELL} is
 * mobile, {@code WORK}, {@code HOME}, {@code MAIN}, {@code FAX} with {@code HOME} or
 * {@code WORK}, {@code PAGER}, any other type as written, none is {@code other}) or, for
 * iOS's and macOS's grouped properties ({@code item1.TEL} with {@code item1.X-ABLabel}),
 * from the label shown on the phone; numbers mobile first, each kind the preferred
 * ({@code PREF}) first then in file order, fax and pager last; emails the preferred
 * first; the first {@code ORG} and {@code NOTE}.
 */
final class VcardContacts {

	/** Types that say how a number or address is used, not what it is. */
	private static final Set<String> NOT_LABELS = Set.of("voice", "pref", "msg", "text", "internet", "x400");

	private VcardContacts() {
	}

	static FileContact contact(int row, VCard card) {
		Map<String, String> groupLabels = new HashMap<>();
		for (RawProperty property : card.getExtendedProperties()) {
			if (property.getGroup() != null && "X-ABLABEL".equalsIgnoreCase(property.getPropertyName())
					&& property.getValue() != null && !property.getValue().isBlank()) {
				groupLabels.putIfAbsent(property.getGroup().toLowerCase(Locale.ROOT), property.getValue());
			}
		}
		List<Labeled> phones = new ArrayList<>();
		for (Telephone tel : card.getTelephoneNumbers()) {
			String number = (tel.getText() != null) ? tel.getText()
					: (tel.getUri() != null) ? tel.getUri().getNumber() : null;
			if (number != null && !number.isBlank()) {
				List<String> types = types(tel.getTypes());
				String label = label(tel, groupLabels, types, true);
				phones.add(new Labeled(new LabeledValue(number.strip(), label), preferred(tel, types),
						FileLabels.rank(label), phones.size()));
			}
		}
		List<Labeled> emails = new ArrayList<>();
		for (Email email : card.getEmails()) {
			String address = ContactFileReader.blankToNull(email.getValue());
			if (address != null) {
				List<String> types = types(email.getTypes());
				emails.add(new Labeled(new LabeledValue(address, label(email, groupLabels, types, false)),
						preferred(email, types), 0, emails.size()));
			}
		}
		String company = (card.getOrganization() != null && !card.getOrganization().getValues().isEmpty())
				? ContactFileReader.blankToNull(card.getOrganization().getValues().get(0)) : null;
		Note note = card.getNotes().isEmpty() ? null : card.getNotes().get(0);
		return new FileContact(row, name(card), sorted(emails), company, sorted(phones), null,
				(note != null) ? ContactFileReader.blankToNull(note.getValue()) : null);
	}

	private static String name(VCard card) {
		String name = (card.getFormattedName() != null)
				? ContactFileReader.blankToNull(card.getFormattedName().getValue()) : null;
		if (name == null) {
			StructuredName n = card.getStructuredName();
			if (n != null) {
				List<String> parts = new ArrayList<>(n.getPrefixes());
				parts.add(n.getGiven());
				parts.addAll(n.getAdditionalNames());
				parts.add(n.getFamily());
				parts.addAll(n.getSuffixes());
				name = ContactFileReader.blankToNull(String.join(" ",
						parts.stream().filter((p) -> p != null && !p.isBlank()).map(String::strip).toList()));
			}
		}
		return name;
	}

	private static List<String> types(List<? extends VCardParameter> types) {
		return types.stream()
			.map(VCardParameter::getValue)
			.filter((t) -> t != null && !t.isBlank())
			.map((t) -> t.strip().toLowerCase(Locale.ROOT))
			.toList();
	}

	private static boolean preferred(VCardProperty property, List<String> types) {
		return types.contains("pref") || property.getParameters().getPref() != null;
	}

	private static String label(VCardProperty property, Map<String, String> groupLabels, List<String> types,
			boolean phone) {
		String group = property.getGroup();
		String apple = (group != null) ? groupLabels.get(group.toLowerCase(Locale.ROOT)) : null;
		if (apple != null) {
			return FileLabels.label(apple);
		}
		if (phone && (types.contains("cell") || types.contains("iphone"))) {
			return FileLabels.MOBILE;
		}
		if (phone && types.contains("fax")) {
			return types.contains("home") ? "home fax" : types.contains("work") ? "work fax" : "fax";
		}
		if (phone && types.contains("pager")) {
			return "pager";
		}
		for (String known : List.of("work", "home", "main", "other")) {
			if (types.contains(known)) {
				return known;
			}
		}
		for (String type : types) {
			if (!NOT_LABELS.contains(type)) {
				return FileLabels.label(type.startsWith("x-") ? type.substring(2) : type);
			}
		}
		return FileLabels.OTHER;
	}

	private static List<LabeledValue> sorted(List<Labeled> values) {
		return FileLabels.distinct(values.stream()
			.sorted(Comparator.comparingInt(Labeled::rank)
				.thenComparing(Labeled::preferred, Comparator.reverseOrder())
				.thenComparingInt(Labeled::order))
			.map(Labeled::value)
			.toList());
	}

	private record Labeled(LabeledValue value, boolean preferred, int rank, int order) {
	}

}
