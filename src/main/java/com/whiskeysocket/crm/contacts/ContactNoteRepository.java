package com.whiskeysocket.crm.contacts;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ContactNoteRepository extends JpaRepository<ContactNote, Long> {

	List<ContactNote> findByContactIdOrderByCreatedAtDescIdDesc(long contactId);

}
