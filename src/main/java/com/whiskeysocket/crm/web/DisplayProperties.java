package com.whiskeysocket.crm.web;

import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How pages show things.
 *
 * @param timeZone the zone every time on a page is shown in ({@code CRM_TIME_ZONE})
 */
@Validated
@ConfigurationProperties("crm.display")
record DisplayProperties(@DefaultValue("Asia/Jakarta") @NotNull ZoneId timeZone) {
}
