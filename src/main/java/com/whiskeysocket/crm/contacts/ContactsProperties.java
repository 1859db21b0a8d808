package com.whiskeysocket.crm.contacts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the contact list.
 *
 * @param defaultRegion ISO 3166 region used for numbers written without a country code
 * ({@code CRM_DEFAULT_REGION})
 */
@Validated
@ConfigurationProperties("crm.contacts")
public record ContactsProperties(@DefaultValue("ID") @NotBlank @Pattern(regexp = "[A-Za-z]{2}") String defaultRegion) {
}
