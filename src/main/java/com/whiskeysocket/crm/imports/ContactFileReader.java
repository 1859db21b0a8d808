package com.whiskeysocket.crm.imports;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import ezvcard.VCard;
import ezvcard.io.text.VCardReader;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Email;
import ezvcard.property.Note;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.LabeledValue;

/**
 * Reads a CSV or vCard file one contact at a time, never the whole file into memory.
 * <ul>
 * <li>Encoding: UTF-8, with or without a byte order mark; UTF-16 only with one (Excel's
 * "Unicode text").</li>
 * <li>CSV: the delimiter is whichever of {@code ,} {@code ;} or tab the header row has
 * most of (Indonesian Excel writes {@code ;}); the header names the columns, matched
 * leniently by {@link CsvColumns}. Row numbers are the spreadsheet's (the header is row
 * 1).</li>
 * <li>vCard 2.1, 3.0 and 4.0 (a phone's address-book export): the name from {@code FN},
 * else {@code N}; mobile numbers first, then the others in file order, fax and pager
 * numbers never; the first {@code EMAIL}, {@code ORG} and {@code NOTE}. Row numbers count
 * the cards.</li>
 * </ul>
 */
final class ContactFileReader {

	/** The file formats. */
	enum Format {

		CSV, VCARD;

		String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private ContactFileReader() {
	}

	/**
	 * What was read.
	 *
	 * @param format the file's format
	 * @param columns for CSV, which column fed which field ({@code Nama → name}); empty
	 * for vCard
	 * @param rows contacts read (at most the limit passed)
	 * @param rowsInFile contacts in the file, counted on past the limit
	 */
	record Summary(Format format, String columns, int rows, int rowsInFile) {
	}

	/**
	 * Reads a file, handing each contact to {@code rows}.
	 * @param in the file
	 * @param fileName its name, a hint to the format
	 * @param maxRows contacts handed over at most; the rest are only counted
	 * @param rows receives the contacts in file order
	 * @return what was read
	 * @throws ImportRejectedException if the file cannot be read as contacts
	 */
	static Summary read(InputStream in, String fileName, int maxRows, Consumer<FileContact> rows) {
		try {
			BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
			Charset charset = skipByteOrderMark(buffered);
			Reader reader = new BufferedReader(new InputStreamReader(buffered, charset), 64 * 1024);
			reader.mark(64 * 1024);
			String head = readHead(reader, 8 * 1024);
			reader.reset();
			if (head.isBlank()) {
				throw new ImportRejectedException("import.error.empty");
			}
			if (isVcard(fileName, head)) {
				return readVcards(reader, maxRows, rows);
			}
			return readCsv(reader, delimiter(firstLine(head)), maxRows, rows);
		}
		catch (IOException | UncheckedIOException ex) {
			throw new ImportRejectedException("import.error.unreadable");
		}
	}

	/** Skips a byte order mark and says which encoding it announced (UTF-8 without). */
	static Charset skipByteOrderMark(BufferedInputStream in) throws IOException {
		in.mark(3);
		int b1 = in.read();
		int b2 = in.read();
		int b3 = in.read();
		if (b1 == 0xEF && b2 == 0xBB && b3 == 0xBF) {
			return StandardCharsets.UTF_8;
		}
		in.reset();
		if (b1 == 0xFF && b2 == 0xFE) {
			in.skip(2);
			return StandardCharsets.UTF_16LE;
		}
		if (b1 == 0xFE && b2 == 0xFF) {
			in.skip(2);
			return StandardCharsets.UTF_16BE;
		}
		return StandardCharsets.UTF_8;
	}

	private static String readHead(Reader reader, int chars) throws IOException {
		char[] buffer = new char[chars];
		int read = 0;
		while (read < chars) {
			int n = reader.read(buffer, read, chars - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		return new String(buffer, 0, read);
	}

	private static boolean isVcard(String fileName, String head) {
		String name = (fileName != null) ? fileName.toLowerCase(Locale.ROOT) : "";
		return name.endsWith(".vcf") || name.endsWith(".vcard")
				|| head.stripLeading().regionMatches(true, 0, "BEGIN:VCARD", 0, 11);
	}

	private static String firstLine(String head) {
		int end = head.indexOf('\n');
		return (end < 0) ? head : head.substring(0, end);
	}

	/**
	 * Whichever of comma, semicolon and tab the header row has most of, outside quotes.
	 */
	static char delimiter(String headerLine) {
		int commas = 0;
		int semicolons = 0;
		int tabs = 0;
		boolean quoted = false;
		for (char c : headerLine.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted) {
				commas += (c == ',') ? 1 : 0;
				semicolons += (c == ';') ? 1 : 0;
				tabs += (c == '\t') ? 1 : 0;
			}
		}
		if (semicolons > commas && semicolons >= tabs) {
			return ';';
		}
		return (tabs > commas) ? '\t' : ',';
	}

	private static Summary readCsv(Reader reader, char delimiter, int maxRows, Consumer<FileContact> rows)
			throws IOException {
		CSVFormat format = CSVFormat.DEFAULT.builder()
			.setDelimiter(delimiter)
			.setIgnoreEmptyLines(true)
			.setIgnoreSurroundingSpaces(true)
			.get();
		int read = 0;
		int inFile = 0;
		try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
			CsvColumns columns = null;
			for (CSVRecord record : parser) {
				if (columns == null) {
					columns = CsvColumns.of(record.values());
					continue;
				}
				FileContact contact = columns.contact((int) record.getRecordNumber(), record.values());
				if (contact == null) {
					continue;
				}
				inFile++;
				if (read < maxRows) {
					read++;
					rows.accept(contact);
				}
			}
			if (columns == null) {
				throw new ImportRejectedException("import.error.empty");
			}
			return new Summary(Format.CSV, columns.describe(), read, inFile);
		}
		catch (UncheckedIOException ex) {
			// a quote never closed: the rows before it are kept, the rest is not a row
			if (read == 0) {
				throw new ImportRejectedException("import.error.unreadable");
			}
			return new Summary(Format.CSV, "", read, inFile);
		}
	}

	private static Summary readVcards(Reader reader, int maxRows, Consumer<FileContact> rows) throws IOException {
		int read = 0;
		int inFile = 0;
		try (VCardReader cards = new VCardReader(reader)) {
			VCard card;
			while ((card = cards.readNext()) != null) {
				inFile++;
				if (read < maxRows) {
					read++;
					rows.accept(contact(inFile, card));
				}
			}
		}
		if (inFile == 0) {
			throw new ImportRejectedException("import.error.noCards");
		}
		return new Summary(Format.VCARD, "", read, inFile);
	}

	static FileContact contact(int row, VCard card) {
		String name = (card.getFormattedName() != null) ? blankToNull(card.getFormattedName().getValue()) : null;
		if (name == null) {
			StructuredName n = card.getStructuredName();
			if (n != null) {
				List<String> parts = new ArrayList<>(n.getPrefixes());
				parts.add(n.getGiven());
				parts.addAll(n.getAdditionalNames());
				parts.add(n.getFamily());
				parts.addAll(n.getSuffixes());
				name = blankToNull(String.join(" ",
						parts.stream().filter((p) -> p != null && !p.isBlank()).map(String::strip).toList()));
			}
		}
		List<Telephone> tels = new ArrayList<>(card.getTelephoneNumbers());
		tels.removeIf(
				(tel) -> tel.getTypes().contains(TelephoneType.FAX) || tel.getTypes().contains(TelephoneType.PAGER));
		// stable: mobile numbers first, the rest as the card lists them
		tels.sort(Comparator.comparingInt((Telephone tel) -> tel.getTypes().contains(TelephoneType.CELL) ? 0 : 1));
		List<String> numbers = new ArrayList<>();
		for (Telephone tel : tels) {
			String number = (tel.getText() != null) ? tel.getText()
					: (tel.getUri() != null) ? tel.getUri().getNumber() : null;
			if (number != null && !number.isBlank()) {
				numbers.add(number);
			}
		}
		List<LabeledValue> phones = LabeledValue.all(numbers);
		Email email = card.getEmails().isEmpty() ? null : card.getEmails().get(0);
		String company = (card.getOrganization() != null && !card.getOrganization().getValues().isEmpty())
				? blankToNull(card.getOrganization().getValues().get(0)) : null;
		Note note = card.getNotes().isEmpty() ? null : card.getNotes().get(0);
		return new FileContact(row, name,
				LabeledValue
					.all(java.util.Collections.singletonList((email != null) ? blankToNull(email.getValue()) : null)),
				company, phones, null, (note != null) ? blankToNull(note.getValue()) : null);
	}

	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
