package com.whiskeysocket.crm.contacts;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ContactRepository extends JpaRepository<Contact, Long> {

	Optional<Contact> findByPhone(String phone);

}
