/**
 * WhatsApp only: the link of each staff member's WhatsApp through the gateway (a separate
 * Node program, {@code src/whatsapp-gateway}), the QR shown while linking, the signed
 * webhook receiver that merges the contacts it pushes, the LID ↔ phone mappings WhatsApp
 * reveals ({@code whatsapp_lid_mappings}), and WhatsApp's {@code ContactSource} ("Sync
 * WhatsApp" asks the gateway to push everything again).
 */
@ApplicationModule(allowedDependencies = { "contacts", "sync", "staff", "security", "audit" })
package com.whiskeysocket.crm.whatsapp;

import org.springframework.modulith.ApplicationModule;
