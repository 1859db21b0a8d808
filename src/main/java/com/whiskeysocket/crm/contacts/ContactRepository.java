package com.whiskeysocket.crm.contacts;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ContactRepository extends JpaRepository<Contact, Long> {

	/**
	 * The contact that has a number among its numbers: by the number's row, else by a
	 * primary number written without its row (by an older version, or a script).
	 * @param phone E.164 digits
	 * @return the contact, if any
	 */
	@Query(value = "SELECT c.* FROM contacts c WHERE c.id = COALESCE("
			+ "(SELECT p.contact_id FROM contact_phones p WHERE p.phone = :phone), "
			+ "(SELECT MIN(o.id) FROM contacts o WHERE o.phone = :phone))", nativeQuery = true)
	Optional<Contact> findByPhone(@Param("phone") String phone);

}
