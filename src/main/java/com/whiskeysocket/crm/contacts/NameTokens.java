package com.whiskeysocket.crm.contacts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of a name as the name search finds them: lower-case, without accents, split
 * at anything that is not a letter or a digit ("Sri-Wahyuni Santoso" gives "sri",
 * "wahyuni", "santoso"). What a person types into the search box is split the same way,
 * and each typed word must start a word of the name.
 */
public final class NameTokens {

	/** The longest word kept, as the column holds it. */
	public static final int MAX_LENGTH = 64;

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

	private NameTokens() {
	}

	/**
	 * The distinct words of a name, in order.
	 * @param name a name, or {@code null}
	 * @return its words; empty for no name
	 */
	public static List<String> of(String name) {
		if (name == null || name.isBlank()) {
			return List.of();
		}
		String plain = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
		Set<String> words = new LinkedHashSet<>();
		for (String word : SEPARATORS.split(plain.toLowerCase(Locale.ROOT))) {
			if (!word.isEmpty()) {
				words.add((word.length() > MAX_LENGTH) ? word.substring(0, MAX_LENGTH) : word);
			}
		}
		return new ArrayList<>(words);
	}

}
