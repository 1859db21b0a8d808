package com.whiskeysocket.crm.apitokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

	Optional<ApiToken> findByTokenHash(String tokenHash);

	List<ApiToken> findByStaffIdOrderByIdDesc(long staffId);

	List<ApiToken> findAllByOrderByIdDesc();

	long countByStaffIdAndRevokedAtIsNull(long staffId);

	/**
	 * Marks a token used, unless that was written less than a minute ago (by this or
	 * another node): one write a minute at most, however many requests.
	 * @return 1 if this call wrote the time
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("UPDATE ApiToken t SET t.lastUsedAt = :now WHERE t.id = :id AND (t.lastUsedAt IS NULL OR t.lastUsedAt < :before)")
	int markUsed(@Param("id") long id, @Param("now") Instant now, @Param("before") Instant before);

}
