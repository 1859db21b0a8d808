package com.whiskeysocket.crm.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;

/**
 * The text of an uploaded file, whatever encoding the program that wrote it chose, read
 * as a stream (never the whole file in memory):
 * <ul>
 * <li>a byte order mark decides (UTF-8, UTF-16 LE or BE);</li>
 * <li>zero bytes in the first 64 KB mean UTF-16 without a byte order mark (macOS
 * Contacts), its byte order as ICU's {@link CharsetDetector} finds it;</li>
 * <li>otherwise the bytes are decoded as strict UTF-8 until one is not UTF-8: if nothing
 * but ASCII came before it, the rest of the file is in ICU's choice for the bytes from
 * there: the one a vCard names in a {@code CHARSET} parameter near the start (vCard 2.1
 * writes raw text in it), else a Japanese, Chinese or Korean multibyte encoding ICU is
 * sure of, else Windows-1252 (Outlook desktop, older Excel: the ASCII before is the same
 * in every one of these); a file that was UTF-8 up to then keeps UTF-8, the stray byte
 * becoming {@code U+FFFD}.</li>
 * </ul>
 */
final class FileText extends Reader {

	static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	private static final int BUFFER = 64 * 1024;

	/**
	 * ICU's guesses believed when it is this sure: multibyte encodings it rarely
	 * mistakes.
	 */
	private static final Set<String> MULTIBYTE = Set.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "Shift_JIS",
			"EUC-JP", "ISO-2022-JP", "GB18030", "Big5", "EUC-KR", "ISO-2022-KR", "ISO-2022-CN");

	private static final int SURE = 50;

	private static final Pattern CHARSET_PARAMETER = Pattern.compile("(?i);CHARSET=\"?([A-Za-z0-9_.-]+)");

	private final InputStream in;

	private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);

	private Charset charset;

	private CharsetDecoder decoder;

	/** Still deciding: UTF-8 so far, and only ASCII read. */
	private boolean tentative;

	private boolean eof;

	private boolean flushed;

	private boolean hadByteOrderMark;

	/**
	 * The first {@code CHARSET=} a vCard in the first 64 KB names, other than UTF-8, or
	 * null.
	 */
	private final Charset declared;

	/** The second half of a surrogate pair that did not fit the caller's buffer, or 0. */
	private char pending;

	private FileText(InputStream in) throws IOException {
		this.in = in;
		this.bytes.limit(0);
		fill();
		this.declared = declared(new String(bytes.array(), 0, bytes.limit(), StandardCharsets.ISO_8859_1));
		this.charset = initialCharset();
		this.tentative = charset.equals(StandardCharsets.UTF_8) && !hadByteOrderMark;
		this.decoder = decoder(charset, tentative);
	}

	/** Opens a file's text; the file's first 64 KB are read at once. */
	static FileText of(InputStream in) throws IOException {
		return new FileText(in);
	}

	/**
	 * The encoding the text is read in (UTF-8 until a byte shows otherwise).
	 */
	Charset charset() {
		return charset;
	}

	private Charset initialCharset() {
		int n = bytes.remaining();
		int p = bytes.position();
		byte[] a = bytes.array();
		if (n >= 3 && (a[p] & 0xFF) == 0xEF && (a[p + 1] & 0xFF) == 0xBB && (a[p + 2] & 0xFF) == 0xBF) {
			bytes.position(p + 3);
			hadByteOrderMark = true;
			return StandardCharsets.UTF_8;
		}
		if (n >= 2 && (a[p] & 0xFF) == 0xFF && (a[p + 1] & 0xFF) == 0xFE) {
			bytes.position(p + 2);
			hadByteOrderMark = true;
			return StandardCharsets.UTF_16LE;
		}
		if (n >= 2 && (a[p] & 0xFF) == 0xFE && (a[p + 1] & 0xFF) == 0xFF) {
			bytes.position(p + 2);
			hadByteOrderMark = true;
			return StandardCharsets.UTF_16BE;
		}
		for (int i = p; i < p + n; i++) {
			if (a[i] == 0) {
				return detect(false);
			}
		}
		return StandardCharsets.UTF_8;
	}

	/**
	 * ICU's guess for the buffered bytes when it is sure of a multibyte encoding, else
	 * Windows-1252 (or, for bytes with zeros in them, UTF-16 LE as Windows writes it).
	 */
	private Charset detect(boolean afterAscii) {
		byte[] sample = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
		CharsetDetector detector = new CharsetDetector();
		detector.setText(sample);
		CharsetMatch[] matches = detector.detectAll();
		for (CharsetMatch match : matches) {
			if (match.getConfidence() < SURE) {
				break;
			}
			if (MULTIBYTE.contains(match.getName()) && Charset.isSupported(match.getName())) {
				return Charset.forName(match.getName());
			}
		}
		return afterAscii ? WINDOWS_1252 : StandardCharsets.UTF_16LE;
	}

	private static Charset declared(String head) {
		Matcher matcher = CHARSET_PARAMETER.matcher(head);
		while (matcher.find()) {
			String name = matcher.group(1);
			try {
				Charset charset = Charset.forName(name);
				if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.US_ASCII)) {
					return charset;
				}
			}
			catch (IllegalArgumentException ex) {
				// a name Java does not know: not a hint
			}
		}
		return null;
	}

	private static CharsetDecoder decoder(Charset charset, boolean strict) {
		CodingErrorAction action = strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
		return charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
	}

	/** Reads more bytes into the buffer (left ready to read from). */
	private void fill() throws IOException {
		bytes.compact();
		while (bytes.hasRemaining()) {
			int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
			if (n < 0) {
				eof = true;
				break;
			}
			bytes.position(bytes.position() + n);
			if (n == 0) {
				break;
			}
		}
		bytes.flip();
	}

	@Override
	public int read(char[] cbuf, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		if (pending != 0) {
			cbuf[off] = pending;
			pending = 0;
			return 1;
		}
		if (len == 1) {
			char[] two = new char[2];
			int n = read(two, 0, 2);
			if (n == 2) {
				pending = two[1];
			}
			if (n > 0) {
				cbuf[off] = two[0];
				return 1;
			}
			return n;
		}
		CharBuffer out = CharBuffer.wrap(cbuf, off, len);
		while (out.position() == off) {
			if (flushed) {
				return -1;
			}
			int from = out.position();
			CoderResult result = decoder.decode(bytes, out, eof);
			if (tentative) {
				for (int i = from; i < out.position(); i++) {
					if (cbuf[i] > 0x7F) {
						// real UTF-8: a later stray byte no longer changes the encoding
						tentative = false;
						decoder = decoder(charset, false);
						break;
					}
				}
			}
			if (result.isError()) {
				if (tentative) {
					tentative = false;
					fill();
					charset = (declared != null) ? declared : detect(true);
				}
				decoder = decoder(charset, false);
			}
			else if (result.isUnderflow()) {
				if (eof) {
					// a decoder swapped in above has decoded nothing yet: it must see the
					// end of the input before it may be flushed
					decoder.decode(bytes, out, true);
					decoder.flush(out);
					flushed = true;
				}
				else {
					fill();
				}
			}
		}
		return out.position() - off;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}

}
