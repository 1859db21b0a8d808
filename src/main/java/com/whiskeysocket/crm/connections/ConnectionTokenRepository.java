package com.whiskeysocket.crm.connections;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ConnectionTokenRepository extends JpaRepository<ConnectionToken, Long> {

	Optional<ConnectionToken> findByPrincipalNameAndProvider(String principalName, String provider);

	Optional<ConnectionToken> findByStaffUserIdAndProvider(long staffUserId, String provider);

	List<ConnectionToken> findByNeedsReconnectFalse();

	List<ConnectionToken> findByStaffUserId(long staffUserId);

	@Query("select t.staffUserId from ConnectionToken t where t.provider = :provider and t.needsReconnect = false "
			+ "order by t.staffUserId")
	List<Long> findConnectedStaffIds(String provider);

	@Modifying
	@Query("delete from ConnectionToken t where t.staffUserId = :staffUserId and t.provider = :provider")
	int deleteByStaffUserIdAndProvider(long staffUserId, String provider);

}
