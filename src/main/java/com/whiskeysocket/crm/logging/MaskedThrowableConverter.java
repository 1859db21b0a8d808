package com.whiskeysocket.crm.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Spring Boot's {@code %wEx} with phone numbers and email addresses masked: database
 * errors carry the values that broke a constraint in their messages ("Duplicate entry
 * '6281…' for key …"), and stack traces print those messages.
 */
public class MaskedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy proxy) {
		return PersonalData.mask(super.throwableProxyToString(proxy));
	}

}
