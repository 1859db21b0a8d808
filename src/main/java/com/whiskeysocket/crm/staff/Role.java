package com.whiskeysocket.crm.staff;

/** What a staff account may do: admins also manage staff accounts. */
public enum Role {

	ADMIN, STAFF

}
