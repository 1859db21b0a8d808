package com.whiskeysocket.crm.outlook;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import javax.crypto.SecretKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Spring Security's store of authorized clients, kept in {@code outlook_tokens}: one row
 * per staff member, so a connection is the person's (not the browser session's) and a
 * background job can use it. Tokens are encrypted with {@link TokenCipher}; a row that no
 * longer decrypts counts as "reconnect needed", never as an error.
 */
class OutlookTokenStore implements OAuth2AuthorizedClientService {

	private static final Logger log = LoggerFactory.getLogger(OutlookTokenStore.class);

	private final OutlookTokenRepository tokens;

	private final ClientRegistrationRepository registrations;

	private final StaffDirectory staff;

	private final TokenCipher cipher;

	private final TransactionTemplate transactions;

	OutlookTokenStore(OutlookTokenRepository tokens, ClientRegistrationRepository registrations, StaffDirectory staff,
			SecretKey key, PlatformTransactionManager transactionManager) {
		this.tokens = tokens;
		this.registrations = registrations;
		this.staff = staff;
		this.cipher = new TokenCipher(key);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, String principalName) {
		ClientRegistration registration = registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			return null;
		}
		return (T) transactions.execute((status) -> tokens.findByPrincipalName(principalName)
			.filter((row) -> !row.isNeedsReconnect())
			.map((row) -> decrypt(row, registration))
			.orElse(null));
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
		save(client, principal, null);
	}

	/**
	 * Stores the tokens of a connection, made or refreshed. A save that would replace a
	 * newer access token (two refreshes racing) is dropped, so the newest token always
	 * survives.
	 * @param account the Microsoft account name, if just learnt
	 */
	void save(OAuth2AuthorizedClient client, Authentication principal, String account) {
		long staffId = staffId(principal);
		for (int attempt = 1;; attempt++) {
			try {
				transactions.executeWithoutResult((status) -> write(client, principal.getName(), staffId, account));
				return;
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	private void write(OAuth2AuthorizedClient client, String principalName, long staffId, String account) {
		OutlookToken row = tokens.findByStaffUserId(staffId).orElseGet(() -> new OutlookToken(staffId, principalName));
		OAuth2AccessToken accessToken = client.getAccessToken();
		if (row.holdsNewerTokenThan(accessToken.getIssuedAt())) {
			return;
		}
		OAuth2RefreshToken refreshToken = client.getRefreshToken();
		row.store(cipher.encrypt(accessToken.getTokenValue(), context(staffId, "access")),
				(refreshToken != null) ? cipher.encrypt(refreshToken.getTokenValue(), context(staffId, "refresh"))
						: null,
				accessToken.getIssuedAt(), accessToken.getExpiresAt(), String.join(" ", accessToken.getScopes()));
		if (StringUtils.hasText(account)) {
			row.setAccount(account);
		}
		tokens.save(row);
	}

	@Override
	public void removeAuthorizedClient(String registrationId, String principalName) {
		transactions.executeWithoutResult(
				(status) -> tokens.findByPrincipalName(principalName).ifPresent((row) -> tokens.delete(row)));
	}

	/** Marks a connection whose grant Microsoft refused as "reconnect needed". */
	void markNeedsReconnect(String principalName) {
		transactions.executeWithoutResult((status) -> tokens.findByPrincipalName(principalName).ifPresent((row) -> {
			row.markNeedsReconnect();
			tokens.save(row);
		}));
	}

	/** Makes the next authorization refresh the access token (Graph answered 401). */
	void expireAccessToken(String principalName) {
		transactions.executeWithoutResult((status) -> tokens.findByPrincipalName(principalName).ifPresent((row) -> {
			row.expireAccessToken(Instant.now());
			tokens.save(row);
		}));
	}

	Optional<OutlookToken> findByPrincipal(String principalName) {
		return transactions.execute((status) -> tokens.findByPrincipalName(principalName));
	}

	Optional<OutlookToken> find(long staffId) {
		return transactions.execute((status) -> tokens.findByStaffUserId(staffId));
	}

	boolean delete(long staffId) {
		Integer deleted = transactions.execute((status) -> tokens.deleteByStaffUserId(staffId));
		return deleted != null && deleted > 0;
	}

	private OAuth2AuthorizedClient decrypt(OutlookToken row, ClientRegistration registration) {
		try {
			long staffId = row.getStaffUserId();
			// Spring wants expiresAt after issuedAt; a token without an expiry counts as
			// expired
			Instant expiresAt = (row.getAccessTokenExpiresAt() != null) ? row.getAccessTokenExpiresAt()
					: Instant.EPOCH.plusSeconds(1);
			Instant issuedAt = row.getAccessTokenIssuedAt();
			if (issuedAt == null || !expiresAt.isAfter(issuedAt)) {
				issuedAt = expiresAt.minusSeconds(1);
			}
			OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
					cipher.decrypt(row.getAccessToken(), context(staffId, "access")), issuedAt, expiresAt,
					scopes(row.getScope()));
			OAuth2RefreshToken refreshToken = (row.getRefreshToken() != null)
					? new OAuth2RefreshToken(cipher.decrypt(row.getRefreshToken(), context(staffId, "refresh")), null)
					: null;
			return new OAuth2AuthorizedClient(registration, row.getPrincipalName(), accessToken, refreshToken);
		}
		catch (TokenCipher.UndecryptableTokenException ex) {
			log.warn("Outlook tokens of staff user {} do not decrypt (CRM_ENCRYPTION_KEY changed?): reconnect needed",
					row.getStaffUserId());
			row.markNeedsReconnect();
			tokens.save(row);
			return null;
		}
	}

	private long staffId(Authentication principal) {
		if (principal.getPrincipal() instanceof StaffPrincipal staffPrincipal) {
			return staffPrincipal.id();
		}
		return staff.idOf(principal.getName())
			.orElseThrow(() -> new IllegalStateException("No staff account for an Outlook connection"));
	}

	private static Set<String> scopes(String scope) {
		return StringUtils.hasText(scope) ? new LinkedHashSet<>(Arrays.asList(scope.split(" "))) : Set.of();
	}

	/** Binds each ciphertext to its row's owner and column. */
	private static String context(long staffId, String column) {
		return "outlook_tokens:" + staffId + ":" + column;
	}

}
