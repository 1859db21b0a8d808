package com.whiskeysocket.crm.audit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * How long audit entries are kept.
 *
 * @param retention {@code CRM_AUDIT_RETENTION}: a number of days ({@code 365}) or a
 * duration ({@code 400d})
 */
@ConfigurationProperties("crm.audit")
record AuditProperties(@DefaultValue("365") @DurationUnit(ChronoUnit.DAYS) Duration retention) {

	AuditProperties {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("CRM_AUDIT_RETENTION must be at least one day, was " + retention);
		}
	}

}
