package com.whiskeysocket.crm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Whiskeysocket CRM: one shared contact list, fed by WhatsApp, Google and Outlook, keyed
 * by phone number.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CrmApplication {

	public static void main(String[] args) {
		SpringApplication.run(CrmApplication.class, args);
	}

}
