/**
 * Cleaning of typed and synced text before it is checked or stored: Unicode NFC, no
 * control characters, no bidirectional overrides or isolates, no zero-width characters.
 */
@ApplicationModule
package com.whiskeysocket.crm.text;

import org.springframework.modulith.ApplicationModule;
