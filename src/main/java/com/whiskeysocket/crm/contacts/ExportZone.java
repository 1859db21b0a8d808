package com.whiskeysocket.crm.contacts;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The CRM's time zone ({@code CRM_TIME_ZONE}, which the {@code web} module shows pages
 * in), read here for the dates an export writes and its file name.
 *
 * @param timeZone the zone
 */
@ConfigurationProperties("crm.display")
record ExportZone(@DefaultValue("Asia/Jakarta") ZoneId timeZone) {
}
