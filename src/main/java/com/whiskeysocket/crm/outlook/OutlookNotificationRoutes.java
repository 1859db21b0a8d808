package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.security.ConsentPage;
import com.whiskeysocket.crm.security.PublicRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Microsoft Graph posts change and lifecycle notifications without a session or a CSRF
 * token: the clientState of our subscription, checked by
 * {@link OutlookNotificationsController}, is their only credential, and they can only ask
 * for a delta sync.
 */
@Configuration(proxyBeanMethods = false)
class OutlookNotificationRoutes {

	/** The write-back switch's form redirects to Microsoft's consent page. */
	@Bean
	ConsentPage microsoftConsentPage(OutlookProperties properties) {
		return new ConsentPage(properties.authorizationUri());
	}

	@Bean
	PublicRoute outlookNotifications() {
		return new PublicRoute(HttpMethod.POST, "/api/outlook/notifications");
	}

	@Bean
	PublicRoute outlookLifecycleNotifications() {
		return new PublicRoute(HttpMethod.POST, "/api/outlook/notifications/lifecycle");
	}

}
