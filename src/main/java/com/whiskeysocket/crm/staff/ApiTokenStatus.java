package com.whiskeysocket.crm.staff;

/** Whether a token still opens the API. */
enum ApiTokenStatus {

	ACTIVE, EXPIRED, REVOKED

}
