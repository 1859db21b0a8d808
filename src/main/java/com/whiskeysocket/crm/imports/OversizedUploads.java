package com.whiskeysocket.crm.imports;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * An upload larger than the server's multipart limit (64 MB, above the import's own 20
 * MB) hears the import page's "the limit is 20 MB" too. Tomcat would refuse to read such
 * a body, so the CSRF field in it could not be found, and it would close the connection
 * while the browser is still sending: the person saw a bare error or a reset. Here the
 * body is read to its end and dropped, and the answer is the redirect the import page
 * gives for any file over its limit. Nothing is stored, so no CSRF token is needed to say
 * so.
 */
class OversizedUploads extends OncePerRequestFilter {

	private final ImportsProperties properties;

	private final long serverLimit;

	OversizedUploads(ImportsProperties properties, MultipartConfigElement multipart) {
		this.properties = properties;
		this.serverLimit = multipart.getMaxRequestSize();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod()) || !"/imports".equals(request.getServletPath())
				|| serverLimit < 0 || request.getContentLengthLong() <= serverLimit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		request.getInputStream().transferTo(OutputStream.nullOutputStream());
		FlashMap flash = new FlashMap();
		flash.put("importError", "import.error.tooLargeUnknown");
		flash.put("importErrorArgs", new Object[] { ImportService.size(properties.maxFileSize().toBytes()) });
		flash.setTargetRequestPath("/imports/new");
		new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
		response.sendRedirect(request.getContextPath() + "/imports/new");
	}

}
