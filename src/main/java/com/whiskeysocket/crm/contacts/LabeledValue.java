package com.whiskeysocket.crm.contacts;

import java.util.List;

/**
 * A phone number or email as a source or a file gives it, with the label it has there.
 *
 * @param value the number or address as given (not yet normalized)
 * @param label the source's label ({@code mobile}, {@code work}, an iPhone's own label
 * text…), or {@code null} when it gave none
 */
public record LabeledValue(String value, String label) {

	/** An unlabelled value. */
	public static LabeledValue of(String value) {
		return new LabeledValue(value, null);
	}

	/** Unlabelled values, in order; {@code null} and blank ones are left out. */
	public static List<LabeledValue> all(List<String> values) {
		return (values == null) ? List.of()
				: values.stream().filter((v) -> v != null && !v.isBlank()).map(LabeledValue::of).toList();
	}

	/** The values alone, in order. */
	public static List<String> values(List<LabeledValue> labeled) {
		return (labeled == null) ? List.of() : labeled.stream().map(LabeledValue::value).toList();
	}

}
