package com.whiskeysocket.crm.imports;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of contact imports.
 *
 * @param maxFileSize the largest file accepted
 * @param maxRows the most contacts one file may hold
 * @param keepPreviews how long an upload that was never confirmed is kept
 * @param confirmWait how long confirming waits for a small import to finish before it
 * shows the run in progress
 */
@Validated
@ConfigurationProperties("crm.imports")
record ImportsProperties(@DefaultValue("20MB") @NotNull DataSize maxFileSize,
		@DefaultValue("100000") @Min(1) @Max(1_000_000) int maxRows, @DefaultValue("1d") @NotNull Duration keepPreviews,
		@DefaultValue("10s") @NotNull Duration confirmWait) {
}
