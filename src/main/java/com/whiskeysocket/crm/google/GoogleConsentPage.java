package com.whiskeysocket.crm.google;

import com.whiskeysocket.crm.security.ConsentPage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The write-back switch's form redirects to Google's consent page for the write scope;
 * the pages' form-action policy lets it.
 */
@Configuration(proxyBeanMethods = false)
class GoogleConsentPage {

	@Bean
	ConsentPage googleConsent(GoogleProperties properties) {
		return new ConsentPage(properties.authorizationUri());
	}

}
