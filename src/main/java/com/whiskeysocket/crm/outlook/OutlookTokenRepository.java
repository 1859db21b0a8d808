package com.whiskeysocket.crm.outlook;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface OutlookTokenRepository extends JpaRepository<OutlookToken, Long> {

	Optional<OutlookToken> findByPrincipalName(String principalName);

	Optional<OutlookToken> findByStaffUserId(long staffUserId);

	@Modifying
	@Query("delete from OutlookToken t where t.staffUserId = :staffUserId")
	int deleteByStaffUserId(long staffUserId);

}
