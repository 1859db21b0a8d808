package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request. From a trusted proxy ({@code CRM_TRUSTED_PROXIES})
 * it believes {@code X-Forwarded-Proto/Host/Port} and takes the client's address from
 * {@code X-Forwarded-For}, read right to left past the trusted hops (the left end is
 * whatever the client typed). From anyone else it drops those headers. Then, when
 * {@code BASE_URL} is https, a request that still arrived over plain HTTP is redirected
 * to the same path under {@code BASE_URL}: the host comes from configuration, never from
 * the request. The health endpoint stays reachable over HTTP for load balancers.
 */
class ProxyAndTls extends OncePerRequestFilter {

	static final Set<String> FORWARDED_HEADERS = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
			"x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-ssl");

	private final List<IpAddressMatcher> trusted;

	private final PublicAddress publicAddress;

	private final ForwardedHeaderFilter applyForwarded = new ForwardedHeaderFilter();

	private final ForwardedHeaderFilter dropForwarded = new ForwardedHeaderFilter();

	ProxyAndTls(PublicAddress publicAddress) {
		this.publicAddress = publicAddress;
		this.trusted = publicAddress.trustedProxies()
			.stream()
			.map(String::strip)
			.filter((range) -> !range.isEmpty())
			.map(IpAddressMatcher::new)
			.toList();
		this.dropForwarded.setRemoveOnly(true);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (trusts(request.getRemoteAddr())) {
			applyForwarded.doFilter(new ClientAddress(request, clientAddress(request)), response,
					(req, res) -> requireHttps((HttpServletRequest) req, (HttpServletResponse) res, chain));
		}
		else {
			dropForwarded.doFilter(request, response,
					(req, res) -> requireHttps((HttpServletRequest) req, (HttpServletResponse) res, chain));
		}
	}

	private void requireHttps(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (publicAddress.https() && !request.isSecure() && !request.getRequestURI().startsWith("/actuator/health")) {
			String query = request.getQueryString();
			response.setStatus(HttpServletResponse.SC_PERMANENT_REDIRECT);
			response.setHeader("Location",
					publicAddress.origin() + request.getRequestURI() + ((query != null) ? "?" + query : ""));
			return;
		}
		chain.doFilter(request, response);
	}

	boolean trusts(String address) {
		if (address == null) {
			return false;
		}
		for (IpAddressMatcher range : trusted) {
			try {
				if (range.matches(address)) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		return false;
	}

	/** The right-most address in X-Forwarded-For that is not a trusted proxy. */
	String clientAddress(HttpServletRequest request) {
		List<String> hops = new ArrayList<>();
		for (Enumeration<String> values = request.getHeaders("X-Forwarded-For"); values.hasMoreElements();) {
			for (String hop : values.nextElement().split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.strip());
				}
			}
		}
		String client = request.getRemoteAddr();
		for (int i = hops.size() - 1; i >= 0; i--) {
			client = hops.get(i);
			if (!trusts(client)) {
				break;
			}
		}
		return client;
	}

	/**
	 * The request with the client's address in place of the proxy's, and without the
	 * headers that would let {@link ForwardedHeaderFilter} take the left-most (forgeable)
	 * address instead.
	 */
	private static final class ClientAddress extends HttpServletRequestWrapper {

		private final String address;

		ClientAddress(HttpServletRequest request, String address) {
			super(request);
			this.address = address;
		}

		@Override
		public String getRemoteAddr() {
			return address;
		}

		@Override
		public String getRemoteHost() {
			return address;
		}

		@Override
		public String getHeader(String name) {
			return hidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(ClientAddress::hidden);
			return Collections.enumeration(names);
		}

		private static boolean hidden(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			return lower.equals("x-forwarded-for") || lower.equals("forwarded");
		}

	}

}
