package com.whiskeysocket.crm.apitokens;

/** Whether a token still opens the API. */
enum ApiTokenStatus {

	ACTIVE, EXPIRED, REVOKED

}
