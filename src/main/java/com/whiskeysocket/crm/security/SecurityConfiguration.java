package com.whiskeysocket.crm.security;

import java.util.List;

import jakarta.servlet.DispatcherType;

import com.whiskeysocket.crm.apitokens.ApiTokens;
import com.whiskeysocket.crm.apitokens.BearerTokenFilter;
import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.Role;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.MySqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

/**
 * Who may see what. Pages need a signed-in staff member, the staff and audit pages and
 * the actuator (but health) an admin; the JSON API answers 401 and 403 as JSON instead of
 * redirecting to the login page and also accepts personal API tokens
 * ({@link BearerTokenFilter}); pages a role may not open show the 403 page. Requests that
 * carry their own credential are let in as the modules answering them declare
 * ({@link PublicRoute}). Someone signed in with a one-time password must change it before
 * anything else ({@link PasswordChangeRequired}). On a separate management port the
 * actuator is open: the operator binds that port where only monitoring reaches it.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The JSON API and its OpenAPI description: 401/403 as JSON, bearer tokens accepted.
	 */
	static final RequestMatcher API = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
			PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs"),
			PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs.yaml"),
			PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**"));

	static final RequestMatcher PAGES = new NegatedRequestMatcher(API);

	/**
	 * Our pages load scripts and styles only from our own origin and are never framed.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'%s; frame-ancestors 'none'";

	/**
	 * The policy, with the origins of the consent pages our forms may redirect to (a
	 * browser blocks a form's redirect to any other site).
	 */
	static String contentSecurityPolicy(List<ConsentPage> consentPages) {
		String origins = consentPages.stream()
			.map(ConsentPage::origin)
			.filter(java.util.Objects::nonNull)
			.distinct()
			.sorted()
			.map((origin) -> " " + origin)
			.collect(java.util.stream.Collectors.joining());
		return CONTENT_SECURITY_POLICY.formatted(origins);
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SessionRegistry sessionRegistry, AuditLog audit,
			ApiTokens apiTokens, ManagementPort managementPort, List<PublicRoute> publicRoutes,
			List<ConsentPage> consentPages) {
		HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
		// a page, not an htmx fragment: that is no place to come back to after signing in
		requestCache.setRequestMatcher(new AndRequestMatcher(PAGES,
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("HX-Request", "true"))));
		JsonSecurityErrors jsonErrors = new JsonSecurityErrors();
		SessionEnded sessionEnded = new SessionEnded(jsonErrors);
		AccessDenied accessDenied = new AccessDenied(jsonErrors, sessionEnded);
		BearerTokenFilter bearerTokens = new BearerTokenFilter(apiTokens, API);
		// such as the WhatsApp gateway's webhooks, whose signature is their credential
		RequestMatcher ownCredential = ownCredential(publicRoutes);
		// the request attribute first: a bearer token's context lives there, so the
		// session management filter sees it as known and creates no session for it
		http.setSharedObject(SecurityContextRepository.class, new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
		http.authorizeHttpRequests(
				(requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
					.permitAll()
					.requestMatchers(managementPort)
					.permitAll()
					.requestMatchers("/login", "/error", AccessDenied.FORBIDDEN_PAGE, "/css/**", "/js/**", "/images/**",
							"/webjars/**", "/favicon.ico", "/favicon.svg", "/actuator/health", "/actuator/health/**")
					.permitAll()
					.requestMatchers(ownCredential)
					.permitAll()
					.requestMatchers("/staff", "/staff/**", "/audit", "/audit/**", "/actuator", "/actuator/**")
					.hasRole(Role.ADMIN.name())
					.anyRequest()
					.authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.successHandler(new ReturnAfterSignIn(requestCache))
				.failureHandler(new SignInFailureHandler())
				.permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout")
				.addLogoutHandler((request, response, authentication) -> {
					if (authentication != null) {
						audit.recordAs(authentication.getName(), "sign-out", null, null);
					}
				})
				.permitAll())
			.requestCache((cache) -> cache.requestCache(requestCache))
			.addFilterBefore(bearerTokens, CsrfFilter.class)
			// a script's bearer token is not something a browser sends by itself, nor is
			// a request with its own credential
			.csrf((csrf) -> csrf.csrfTokenRequestHandler(new CsrfFromHeaderOrBody())
				.ignoringRequestMatchers(bearerTokens.bearerApi(), ownCredential))
			.sessionManagement((session) -> session.maximumSessions(-1)
				.sessionRegistry(sessionRegistry)
				.expiredSessionStrategy(sessionEnded))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(jsonErrors, API)
				.defaultAuthenticationEntryPointFor(sessionEnded, PAGES)
				.accessDeniedHandler(accessDenied))
			.addFilterAfter(new PasswordChangeRequired(jsonErrors), AuthorizationFilter.class)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(consentPages)))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.frameOptions((frame) -> frame.deny()));
		return http.build();
	}

	/** Every module's {@link PublicRoute}s; none matches nothing. */
	private static RequestMatcher ownCredential(List<PublicRoute> routes) {
		if (routes.isEmpty()) {
			return (request) -> false;
		}
		return new OrRequestMatcher(routes.stream().map(PublicRoute::matcher).toList());
	}

	/**
	 * Sessions live in the database (Spring Session JDBC): the registry reads and marks
	 * them there, so a session expired on one node (a disabled account) is expired on
	 * every node.
	 */
	@Bean
	SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessions) {
		return new SpringSessionBackedSessionRegistry<>(sessions);
	}

	/**
	 * Two requests of one session at once (a page and its script, or two nodes) may both
	 * add the same attribute, such as the CSRF token: an upsert stores it instead of
	 * failing on the duplicate key (MySQL, MariaDB, TiDB and H2 in MySQL mode all accept
	 * it).
	 */
	@Bean
	MySqlJdbcIndexedSessionRepositoryCustomizer sessionAttributeUpserts() {
		return new MySqlJdbcIndexedSessionRepositoryCustomizer();
	}

}
