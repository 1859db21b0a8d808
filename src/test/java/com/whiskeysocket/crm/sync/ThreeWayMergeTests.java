package com.whiskeysocket.crm.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field-by-field three-way merge as a table: base (what the CRM last wrote), the
 * CRM's value, the address book's value, whether a person typed the CRM's change, and the
 * merged value with what lost.
 */
class ThreeWayMergeTests {

	static Stream<Arguments> fields() {
		return Stream.of(
				// base, crm, book, typed, merged, lost
				Arguments.of("PT Maju", "PT Maju", "PT Maju", false, "PT Maju", null),
				Arguments.of("PT Maju", "PT Baru", "PT Maju", false, "PT Baru", null),
				Arguments.of("PT Maju", "PT Maju", "PT Phone", false, "PT Phone", null),
				Arguments.of("PT Maju", "PT Baru", "PT Baru", true, "PT Baru", null),
				Arguments.of("PT Maju", "PT Typed", "PT Phone", true, "PT Typed", "PT Phone"),
				Arguments.of("PT Maju", "PT Synced", "PT Phone", false, "PT Phone", "PT Synced"),
				Arguments.of("PT Maju", null, "PT Maju", false, null, null),
				Arguments.of("PT Maju", "PT Maju", null, true, null, null),
				Arguments.of(null, "PT Crm", "PT Phone", false, "PT Phone", "PT Crm"),
				Arguments.of(null, "PT Crm", null, false, "PT Crm", null));
	}

	@ParameterizedTest(name = "base={0} crm={1} book={2} typed={3} -> {4}")
	@MethodSource("fields")
	void aFieldTakesTheSideThatChangedItOrOnAConflictTheTypedCrmElseTheBook(String base, String crm, String book,
			boolean typed, String merged, String lost) {
		List<ThreeWayMerge.Loss> losses = new ArrayList<>();

		assertThat(ThreeWayMerge.field("company", base, crm, book, typed, losses)).isEqualTo(merged);
		assertThat(losses.stream().map(ThreeWayMerge.Loss::value).toList())
			.isEqualTo((lost != null) ? List.of(lost) : List.of());
	}

	@Test
	void numbersAddedOnEitherSideAreKeptAndOnesRemovedOnOneSideGo() {
		AddressBookEntry base = entry("Rina", "PT Maju", "+6281111", "+6282222");
		AddressBookEntry crm = entry("Rina", "PT Maju", "+6281111", "+6283333");
		AddressBookEntry book = entry("Rina", "PT Maju", "+6281111", "+6282222", "+6284444");

		ThreeWayMerge.Merged merged = ThreeWayMerge.merge(base, crm, book, false);

		assertThat(merged.entry().phones()).extracting(AddressBookEntry.Value::value)
			.containsExactly("+6281111", "+6283333", "+6284444");
		assertThat(merged.losses()).isEmpty();
	}

	@Test
	void aNumberRemovedOnThePhoneIsNotWrittenBack() {
		AddressBookEntry base = entry("Rina", null, "+6281111", "+6282222");
		AddressBookEntry book = entry("Rina", null, "+6281111");

		ThreeWayMerge.Merged merged = ThreeWayMerge.merge(base, base, book, true);

		assertThat(merged.entry().phones()).extracting(AddressBookEntry.Value::value).containsExactly("+6281111");
	}

	@Test
	void theCrmsOwnWriteReadBackIsNoChange() {
		AddressBookEntry written = entry("Rina Wijaya", "PT Maju", "+6281111");

		ThreeWayMerge.Merged merged = ThreeWayMerge.merge(written, written, written, false);

		assertThat(merged.entry()).isEqualTo(written);
		assertThat(merged.losses()).isEmpty();
	}

	@Test
	void bothRenamedTheTypedCrmNameWinsAndThePhonesNameIsKeptAsLost() {
		AddressBookEntry base = entry("Rina Wijaya", null, "+6281111");
		AddressBookEntry crm = entry("Rina Santoso", null, "+6281111");
		AddressBookEntry book = entry("Rina Phone", null, "+6281111");

		ThreeWayMerge.Merged merged = ThreeWayMerge.merge(base, crm, book, true);

		assertThat(merged.entry().displayName()).isEqualTo("Rina Santoso");
		assertThat(merged.losses()).containsExactly(new ThreeWayMerge.Loss("familyName", "Phone", false));
	}

	private static AddressBookEntry entry(String name, String company, String... phones) {
		String[] names = AddressBookEntry.split(name);
		return new AddressBookEntry(names[0], names[1], company,
				Stream.of(phones).map((phone) -> new AddressBookEntry.Value(phone, "mobile")).toList(), List.of(),
				null);
	}

}
