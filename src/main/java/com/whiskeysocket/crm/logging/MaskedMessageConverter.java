package com.whiskeysocket.crm.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %m} with phone numbers and email addresses masked, whoever logged them
 * (our code, Hibernate, the JDBC driver, Tomcat).
 */
public class MaskedMessageConverter extends MessageConverter {

	@Override
	public String convert(ILoggingEvent event) {
		return PersonalData.mask(super.convert(event));
	}

}
