package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.security.ConsentPage;
import com.whiskeysocket.crm.security.PublicRoute;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;

import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft Graph posts change and lifecycle notifications without a session or a CSRF
 * token: the clientState of our subscription, checked by {@link OutlookNotificationInbox}
 * and {@link OutlookNotificationsController}, is their only credential, and they can only
 * ask for a delta sync. Change notifications are taken by
 * {@link OutlookNotificationFilter} before the session and security filters.
 */
@Configuration(proxyBeanMethods = false)
class OutlookNotificationRoutes {

	/** The write-back switch's form redirects to Microsoft's consent page. */
	@Bean
	ConsentPage microsoftConsentPage(OutlookProperties properties) {
		return new ConsentPage(properties.authorizationUri());
	}

	/**
	 * After the proxy and database-outage filters, before Spring Session's filter
	 * ({@code Integer.MIN_VALUE + 50}) and the security chain: a notification needs
	 * neither.
	 */
	@Bean
	FilterRegistrationBean<OutlookNotificationFilter> outlookNotificationFilter(OutlookNotificationInbox inbox,
			JsonMapper json) {
		FilterRegistrationBean<OutlookNotificationFilter> registration = new FilterRegistrationBean<>(
				new OutlookNotificationFilter(inbox, json));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns(OutlookNotificationFilter.PATH);
		return registration;
	}

	/** The validation handshake (and Graph's notifications, if the filter let one by). */
	@Bean
	PublicRoute outlookNotifications() {
		return new PublicRoute(HttpMethod.POST, "/api/outlook/notifications");
	}

	@Bean
	PublicRoute outlookLifecycleNotifications() {
		return new PublicRoute(HttpMethod.POST, "/api/outlook/notifications/lifecycle");
	}

}
