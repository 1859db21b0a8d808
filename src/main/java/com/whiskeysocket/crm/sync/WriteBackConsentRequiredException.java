package com.whiskeysocket.crm.sync;

/** Write-back was turned on for a connection without the write consent. */
public class WriteBackConsentRequiredException extends RuntimeException {

	private final String registrationId;

	WriteBackConsentRequiredException(String registrationId) {
		super("write consent required");
		this.registrationId = registrationId;
	}

	/** Where the staff member gives it: {@code /auth/google?access=write}. */
	public String authorizeUrl() {
		return "/auth/" + registrationId + "?access=write";
	}

}
