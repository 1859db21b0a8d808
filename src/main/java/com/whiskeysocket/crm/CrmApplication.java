package com.whiskeysocket.crm;

import com.whiskeysocket.crm.security.UnlockCommand;

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
		if (UnlockCommand.username(args).isPresent()) {
			System.exit(UnlockCommand.run(CrmApplication.class, args, System.out));
		}
		SpringApplication.run(CrmApplication.class, args);
	}

}
