package com.whiskeysocket.crm.live;

import com.whiskeysocket.crm.contacts.ContactFeed;
import com.whiskeysocket.crm.security.QuietSessions;
import com.whiskeysocket.crm.sync.SyncRuns;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

	/**
	 * After the proxy and database-outage filters, before Spring Session's filter
	 * ({@code Integer.MIN_VALUE + 50}): the poll neither loads nor touches the session.
	 */
	@Bean
	FilterRegistrationBean<LivePoll> livePoll(QuietSessions sessions, ContactFeed feed, SyncRuns runs) {
		FilterRegistrationBean<LivePoll> registration = new FilterRegistrationBean<>(
				new LivePoll(sessions, feed, runs));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns(LivePoll.CONTACTS, LivePoll.SYNC);
		return registration;
	}

}
