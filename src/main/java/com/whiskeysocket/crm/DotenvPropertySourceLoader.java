package com.whiskeysocket.crm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;

/**
 * Reads the {@code .env} file the way dotenv tools (Docker Compose, python-dotenv, the
 * shells' {@code set -a; . .env}) do, so a file written for one of them means the same
 * here: {@code KEY=value} lines, an optional {@code export} prefix, {@code #} comments,
 * and values in single quotes (taken literally) or double quotes ({@code \n}, {@code \"}
 * and {@code \\} escapes) with the quotes removed. An unquoted value ends at a {@code #}
 * that follows a space, and backslashes in it are kept as they are.
 */
class DotenvPropertySourceLoader implements PropertySourceLoader {

	@Override
	public String[] getFileExtensions() {
		// used through the [.dotenv] hint of spring.config.import, whatever the file name
		return new String[] { "dotenv" };
	}

	@Override
	public List<PropertySource<?>> load(String name, Resource resource) throws IOException {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
			Map<String, Object> values = parse(reader.lines().toList(), resource.getDescription());
			return values.isEmpty() ? List.of() : List.of(new OriginTrackedMapPropertySource(name, values, true));
		}
	}

	static Map<String, Object> parse(List<String> lines, String description) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (i == 0 && line.startsWith("\uFEFF")) {
				line = line.substring(1).strip();
			}
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("export ")) {
				line = line.substring("export ".length()).strip();
			}
			int equals = line.indexOf('=');
			if (equals <= 0) {
				// the value may be a secret: say where, never what
				throw new IllegalStateException(description + ", line " + (i + 1) + ": expected NAME=value");
			}
			values.put(line.substring(0, equals).strip(),
					value(line.substring(equals + 1).strip(), description, i + 1));
		}
		return values;
	}

	private static String value(String raw, String description, int lineNumber) {
		if (raw.startsWith("'")) {
			int end = raw.indexOf('\'', 1);
			requireClosed(end, raw, description, lineNumber);
			return raw.substring(1, end);
		}
		if (raw.startsWith("\"")) {
			StringBuilder value = new StringBuilder();
			for (int i = 1; i < raw.length(); i++) {
				char c = raw.charAt(i);
				if (c == '"') {
					requireClosed(i, raw, description, lineNumber);
					return value.toString();
				}
				if (c == '\\' && i + 1 < raw.length()) {
					char next = raw.charAt(++i);
					switch (next) {
						case 'n' -> value.append('\n');
						case 't' -> value.append('\t');
						case '"', '\\' -> value.append(next);
						default -> value.append('\\').append(next);
					}
				}
				else {
					value.append(c);
				}
			}
			requireClosed(-1, raw, description, lineNumber);
		}
		int comment = raw.indexOf(" #");
		return ((comment >= 0) ? raw.substring(0, comment) : raw).strip();
	}

	/** After the closing quote only a comment may follow. */
	private static void requireClosed(int end, String raw, String description, int lineNumber) {
		String rest = (end < 0) ? null : raw.substring(end + 1).strip();
		if (rest == null || !(rest.isEmpty() || rest.startsWith("#"))) {
			throw new IllegalStateException(description + ", line " + lineNumber
					+ ": a quoted value must end with the same quote (and nothing but a # comment after it)");
		}
	}

}
