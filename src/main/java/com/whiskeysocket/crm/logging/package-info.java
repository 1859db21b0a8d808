/**
 * What keeps personal data out of the logs: phone numbers and email addresses are masked
 * in every log line and stack trace ({@code logback-spring.xml} wires the converters).
 */
@ApplicationModule(allowedDependencies = {})
package com.whiskeysocket.crm.logging;

import org.springframework.modulith.ApplicationModule;
