package com.whiskeysocket.crm.contacts;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ContactRepository extends JpaRepository<Contact, Long> {

	/**
	 * The contact whose primary number this is (see {@link People#ownerOf} for any
	 * number).
	 */
	Optional<Contact> findFirstByPhoneOrderById(String phone);

	default Optional<Contact> findByPhone(String phone) {
		return findFirstByPhoneOrderById(phone);
	}

}
