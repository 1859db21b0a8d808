/**
 * Per-staff OAuth2 connections to external accounts, for every provider: the encrypted
 * token store (AES-GCM, key rotation), refresh before expiry, reconnect-needed state,
 * {@code /auth/{provider}} and its callback page, disconnect. Providers plug in through
 * {@link com.whiskeysocket.crm.connections.ConnectionProvider}; their modules get a valid
 * access token from {@link com.whiskeysocket.crm.connections.Connections}.
 */
@ApplicationModule(allowedDependencies = { "staff", "audit" })
package com.whiskeysocket.crm.connections;

import org.springframework.modulith.ApplicationModule;
