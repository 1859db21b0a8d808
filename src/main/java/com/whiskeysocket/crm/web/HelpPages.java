package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The guides in {@code docs/} (packaged under {@code help/}), rendered from Markdown to
 * HTML (the operators' guides for admins only). Raw HTML in a guide is escaped and link
 * targets are sanitized, and a link to another guide ({@code outlook-setup.md}) becomes
 * its help page.
 */
@Component
class HelpPages {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

	private static final Pattern GUIDE_LINK = Pattern.compile("([a-z0-9][a-z0-9-]{0,59})\\.md(#.*)?");

	/**
	 * The operators' guides: how the CRM is run, for admins, not for every staff member.
	 */
	private static final Set<String> ADMINS_ONLY = Set.of("production", "deploy");

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.escapeHtml(true)
		.sanitizeUrls(true)
		.build();

	/**
	 * A guide in the reader's language if there is a translation, else the original.
	 * @param name the guide's file name without {@code .md}
	 * @param locale the reader's locale
	 * @return the rendered guide, or empty if there is no such guide
	 */
	Optional<Guide> guide(String name, Locale locale) {
		if (name == null || !NAME.matcher(name).matches()) {
			return Optional.empty();
		}
		ClassPathResource translated = new ClassPathResource("help/" + name + "." + locale.getLanguage() + ".md");
		ClassPathResource original = new ClassPathResource("help/" + name + ".md");
		ClassPathResource source = translated.exists() ? translated : original;
		if (!source.exists()) {
			return Optional.empty();
		}
		Node document = parser.parse(read(source));
		linkGuidesToTheirPages(document);
		return Optional.of(new Guide(titleOf(document).orElse(name), renderer.render(document)));
	}

	/** Whether a guide is one of the operators' guides, which only admins may read. */
	boolean forAdminsOnly(String name) {
		return ADMINS_ONLY.contains(name);
	}

	private static void linkGuidesToTheirPages(Node node) {
		if (node instanceof Link link) {
			var matcher = GUIDE_LINK.matcher(link.getDestination());
			if (matcher.matches()) {
				link.setDestination("/help/" + matcher.group(1) + ((matcher.group(2) != null) ? matcher.group(2) : ""));
			}
		}
		for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
			linkGuidesToTheirPages(child);
		}
	}

	private static Optional<String> titleOf(Node document) {
		for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
			if (node instanceof Heading heading && heading.getLevel() == 1) {
				StringBuilder title = new StringBuilder();
				for (Node child = heading.getFirstChild(); child != null; child = child.getNext()) {
					if (child instanceof Text text) {
						title.append(text.getLiteral());
					}
				}
				return Optional.of(title.toString());
			}
		}
		return Optional.empty();
	}

	private static String read(ClassPathResource resource) {
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A rendered guide.
	 *
	 * @param title the text of its first heading
	 * @param html its body, from our own Markdown with raw HTML escaped
	 */
	record Guide(String title, String html) {
	}

}
