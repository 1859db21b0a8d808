package com.whiskeysocket.crm.staff;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface StaffRepository extends JpaRepository<StaffUser, Long> {

	Optional<StaffUser> findByUsername(String username);

	boolean existsByUsername(String username);

	List<StaffUser> findAllByOrderByUsernameAsc();

}
