package com.whiskeysocket.crm.security;

import java.net.URI;

/**
 * A page on another site that one of our forms leads to through redirects, such as an
 * OAuth provider's consent page: the write-back switch posts a form whose answer
 * redirects there. Browsers apply the pages' {@code form-action} policy to every redirect
 * of a form's submission, so the chain adds this page's origin to it. A module declares
 * one as a bean; the chain collects every such bean.
 *
 * @param url the page's address, such as
 * {@code https://accounts.google.com/o/oauth2/v2/auth}
 */
public record ConsentPage(String url) {

	/**
	 * The page's origin ({@code https://accounts.google.com}), or null if it has none.
	 */
	String origin() {
		try {
			URI uri = URI.create(url);
			if (uri.getScheme() == null || uri.getHost() == null
					|| !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				return null;
			}
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
