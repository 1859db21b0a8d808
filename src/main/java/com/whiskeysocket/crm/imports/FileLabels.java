package com.whiskeysocket.crm.imports;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.whiskeysocket.crm.contacts.LabeledValue;

/**
 * The labels of numbers and emails as files write them, in the CRM's words:
 * {@code mobile}, {@code work}, {@code home}, {@code main}, {@code other},
 * {@code home fax}, {@code work fax}, {@code fax}, {@code pager}, or the file's own text
 * (an iPhone's custom label, Google's {@code Google Voice}). Also the order a contact's
 * numbers are kept in: mobile first, fax and pager last (they never become the number the
 * list shows while there is another).
 */
final class FileLabels {

	static final String MOBILE = "mobile";

	static final String WORK = "work";

	static final String HOME = "home";

	static final String MAIN = "main";

	static final String OTHER = "other";

	/** Apple's built-in labels: {@code _$!<Mobile>!$_}. */
	private static final Pattern APPLE = Pattern.compile("_\\$!<(.*)>!\\$_");

	private static final Pattern NOT_LETTERS = Pattern.compile("[^a-z0-9]");

	private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("mobile", MOBILE),
			Map.entry("mobilephone", MOBILE), Map.entry("cell", MOBILE), Map.entry("cellular", MOBILE),
			Map.entry("cellphone", MOBILE), Map.entry("iphone", MOBILE), Map.entry("hp", MOBILE),
			Map.entry("handphone", MOBILE), Map.entry("ponsel", MOBILE), Map.entry("seluler", MOBILE),
			Map.entry("selular", MOBILE), Map.entry("work", WORK), Map.entry("business", WORK),
			Map.entry("businessphone", WORK), Map.entry("office", WORK), Map.entry("kantor", WORK),
			Map.entry("home", HOME), Map.entry("homephone", HOME), Map.entry("rumah", HOME), Map.entry("main", MAIN),
			Map.entry("primary", MAIN), Map.entry("primaryphone", MAIN), Map.entry("companymainphone", MAIN),
			Map.entry("utama", MAIN), Map.entry("other", OTHER), Map.entry("otherphone", OTHER),
			Map.entry("lainnya", OTHER), Map.entry("lain", OTHER), Map.entry("homefax", "home fax"),
			Map.entry("workfax", "work fax"), Map.entry("businessfax", "work fax"), Map.entry("otherfax", "fax"),
			Map.entry("fax", "fax"), Map.entry("pager", "pager"), Map.entry("assistantphone", "assistant"),
			Map.entry("assistant", "assistant"), Map.entry("assistantsphone", "assistant"));

	private FileLabels() {
	}

	/**
	 * A label as a file gives it, in the CRM's words when it is one of the common ones,
	 * else as written; {@code null} for none. Google's {@code * } (the preferred value)
	 * and Apple's {@code _$!<…>!$_} are taken off.
	 */
	static String label(String text) {
		if (text == null) {
			return null;
		}
		String label = text.strip();
		if (preferred(label)) {
			label = label.substring(1).strip();
		}
		Matcher apple = APPLE.matcher(label);
		if (apple.matches()) {
			label = apple.group(1);
		}
		if (label.isEmpty()) {
			return null;
		}
		String known = known(label);
		return (known != null) ? known : label;
	}

	/**
	 * A common label in the CRM's words ({@code Mobile Phone} is {@code mobile}), or
	 * null.
	 */
	static String known(String text) {
		return WORDS.get(key(text));
	}

	/**
	 * Whether a label says Google's "preferred" ({@code * Home}, or a lone {@code *} for
	 * a preferred value with no label, as the CRM's export writes it).
	 */
	static boolean preferred(String text) {
		String label = (text != null) ? text.strip() : "";
		return label.equals("*") || label.startsWith("* ");
	}

	static String key(String text) {
		return NOT_LETTERS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
	}

	/** 0 for mobile numbers, 2 for fax and pager, 1 for the others. */
	static int rank(String label) {
		if (MOBILE.equals(label)) {
			return 0;
		}
		String key = (label != null) ? key(label) : "";
		return (key.contains("fax") || key.contains("pager")) ? 2 : 1;
	}

	/**
	 * Numbers in the order kept: mobile first, fax and pager last, else as given; a
	 * number written twice the same way is kept once, with its first label.
	 */
	static List<LabeledValue> ordered(List<LabeledValue> phones) {
		return distinct(
				phones.stream().sorted(Comparator.comparingInt((LabeledValue phone) -> rank(phone.label()))).toList());
	}

	/**
	 * The values without one written again the same way: the first one kept, with the
	 * first label any of them has (a sheet's plain {@code phone} column repeats the
	 * labelled {@code Phone 1 - Value}).
	 */
	static List<LabeledValue> distinct(List<LabeledValue> values) {
		Map<String, LabeledValue> kept = new LinkedHashMap<>();
		for (LabeledValue value : values) {
			kept.merge(value.value().toLowerCase(Locale.ROOT), value,
					(first, again) -> (first.label() == null && again.label() != null)
							? new LabeledValue(first.value(), again.label()) : first);
		}
		return List.copyOf(kept.values());
	}

}
