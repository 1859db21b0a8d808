package com.whiskeysocket.crm.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;

import ezvcard.VCard;
import ezvcard.io.text.VCardReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.whiskeysocket.crm.contacts.FileContact;

/**
 * Reads a CSV or vCard file one contact at a time, never the whole file into memory.
 * <ul>
 * <li>Encoding: UTF-8 with or without a byte order mark, UTF-16 with or without one,
 * Windows-1252 and others as {@link FileText} finds them.</li>
 * <li>CSV: the delimiter is whichever of {@code ,} {@code ;} or tab the header row has
 * most of (Indonesian Excel writes {@code ;}); the header names the columns, matched
 * leniently by {@link CsvColumns}. Row numbers are the spreadsheet's (the header is row
 * 1).</li>
 * <li>vCard 2.1, 3.0 and 4.0 (a phone's address-book export), as {@link VcardContacts}
 * reads a card: every number and email with its label. Row numbers count the cards.</li>
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
			FileText text = FileText.of(in);
			Reader reader = new BufferedReader(text, 64 * 1024);
			reader.mark(64 * 1024);
			String head = readHead(reader, 8 * 1024);
			reader.reset();
			if (head.isBlank()) {
				throw new ImportRejectedException("import.error.empty");
			}
			if (isVcard(fileName, head)) {
				return readVcards(reader, text, maxRows, rows);
			}
			return readCsv(reader, delimiter(firstLine(head)), maxRows, rows);
		}
		catch (IOException | UncheckedIOException ex) {
			throw new ImportRejectedException("import.error.unreadable");
		}
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

	private static Summary readVcards(Reader reader, FileText text, int maxRows, Consumer<FileContact> rows)
			throws IOException {
		int read = 0;
		int inFile = 0;
		try (VCardReader cards = new VCardReader(reader)) {
			// quoted-printable without CHARSET: the bytes are in the file's own encoding
			cards.setDefaultQuotedPrintableCharset(text.charset());
			VCard card;
			while ((card = cards.readNext()) != null) {
				inFile++;
				if (read < maxRows) {
					read++;
					rows.accept(VcardContacts.contact(inFile, card));
				}
				cards.setDefaultQuotedPrintableCharset(text.charset());
			}
		}
		if (inFile == 0) {
			throw new ImportRejectedException("import.error.noCards");
		}
		return new Summary(Format.VCARD, "", read, inFile);
	}

	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
