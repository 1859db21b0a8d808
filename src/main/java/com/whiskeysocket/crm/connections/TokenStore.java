package com.whiskeysocket.crm.connections;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.audit.AuditLog;
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
 * Spring Security's store of authorized clients, kept in {@code oauth_connections}: one
 * row per staff member and provider, so a connection is the person's (not the browser
 * session's) and a background job can use it. Tokens are encrypted with
 * {@link TokenCipher}; a row sealed with a previous key is sealed again with the current
 * one when read, and a row no key opens counts as "reconnect needed", never as an error.
 */
class TokenStore implements OAuth2AuthorizedClientService {

	private static final Logger log = LoggerFactory.getLogger(TokenStore.class);

	/** Outlook's rows keep the associated data they were sealed with before V6. */
	private static final String MICROSOFT = "microsoft";

	private final ConnectionTokenRepository tokens;

	private final ClientRegistrationRepository registrations;

	private final StaffDirectory staff;

	private final TokenCipher cipher;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	TokenStore(ConnectionTokenRepository tokens, ClientRegistrationRepository registrations, StaffDirectory staff,
			TokenCipher cipher, PlatformTransactionManager transactionManager, AuditLog audit) {
		this.tokens = tokens;
		this.registrations = registrations;
		this.staff = staff;
		this.cipher = cipher;
		this.transactions = new TransactionTemplate(transactionManager);
		this.audit = audit;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, String principalName) {
		ClientRegistration registration = registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			return null;
		}
		return (T) transactions.execute((status) -> tokens.findByPrincipalNameAndProvider(principalName, registrationId)
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
	 * @param account the account name at the provider, if just learnt
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
		String provider = client.getClientRegistration().getRegistrationId();
		ConnectionToken row = tokens.findByStaffUserIdAndProvider(staffId, provider)
			.orElseGet(() -> new ConnectionToken(staffId, provider, principalName));
		OAuth2AccessToken accessToken = client.getAccessToken();
		if (row.holdsNewerTokenThan(accessToken.getIssuedAt())) {
			return;
		}
		OAuth2RefreshToken refreshToken = client.getRefreshToken();
		row.store(cipher.encrypt(accessToken.getTokenValue(), context(row, "access")),
				(refreshToken != null) ? cipher.encrypt(refreshToken.getTokenValue(), context(row, "refresh")) : null,
				accessToken.getIssuedAt(), accessToken.getExpiresAt(), String.join(" ", accessToken.getScopes()));
		if (StringUtils.hasText(account)) {
			row.setAccount(account);
		}
		tokens.save(row);
	}

	@Override
	public void removeAuthorizedClient(String registrationId, String principalName) {
		transactions
			.executeWithoutResult((status) -> tokens.findByPrincipalNameAndProvider(principalName, registrationId)
				.ifPresent((row) -> tokens.delete(row)));
	}

	/** Marks a connection whose grant the provider refused as "reconnect needed". */
	void markNeedsReconnect(String principalName, String provider) {
		transactions.executeWithoutResult(
				(status) -> tokens.findByPrincipalNameAndProvider(principalName, provider).ifPresent((row) -> {
					row.markNeedsReconnect();
					tokens.save(row);
				}));
	}

	/** Makes the next authorization refresh the access token (the provider said 401). */
	void expireAccessToken(String principalName, String provider) {
		transactions.executeWithoutResult(
				(status) -> tokens.findByPrincipalNameAndProvider(principalName, provider).ifPresent((row) -> {
					row.expireAccessToken(Instant.now());
					tokens.save(row);
				}));
	}

	Optional<ConnectionToken> findByPrincipal(String principalName, String provider) {
		return transactions.execute((status) -> tokens.findByPrincipalNameAndProvider(principalName, provider));
	}

	Optional<ConnectionToken> find(long staffId, String provider) {
		return transactions.execute((status) -> tokens.findByStaffUserIdAndProvider(staffId, provider));
	}

	List<ConnectionToken> findAll(long staffId) {
		return transactions.execute((status) -> tokens.findByStaffUserId(staffId));
	}

	List<Long> connectedStaffIds(String provider) {
		return transactions.execute((status) -> tokens.findConnectedStaffIds(provider));
	}

	boolean delete(long staffId, String provider) {
		Integer deleted = transactions.execute((status) -> tokens.deleteByStaffUserIdAndProvider(staffId, provider));
		return deleted != null && deleted > 0;
	}

	/**
	 * Opens every live connection once: a row sealed with a previous key is sealed again
	 * with the current one, and a row no key opens is marked "reconnect needed" at once,
	 * so pages and the status API say so before anyone tries to sync. Run at startup,
	 * when a key can have changed.
	 * @return how many rows were sealed again and how many need a reconnect
	 */
	Rekeyed rekey() {
		int resealed = 0;
		int unreadable = 0;
		for (ConnectionToken candidate : transactions.execute((status) -> tokens.findByNeedsReconnectFalse())) {
			try {
				Boolean outcome = transactions.execute((status) -> tokens.findById(candidate.getId())
					.filter((row) -> !row.isNeedsReconnect())
					.map(this::rekey)
					.orElse(null));
				if (Boolean.TRUE.equals(outcome)) {
					resealed++;
				}
				else if (Boolean.FALSE.equals(outcome)) {
					unreadable++;
				}
			}
			catch (OptimisticLockingFailureException ex) {
				// another node (or a refresh) wrote the row meanwhile, with a current key
			}
		}
		if (resealed > 0 || unreadable > 0) {
			log.warn("Connection tokens after a key change: {} sealed again with CRM_ENCRYPTION_KEY, {} readable with "
					+ "no configured key (those staff members must reconnect)", resealed, unreadable);
		}
		return new Rekeyed(resealed, unreadable);
	}

	/**
	 * @return {@code true} when sealed again, {@code false} when unreadable, {@code null}
	 * when already current
	 */
	private Boolean rekey(ConnectionToken row) {
		try {
			if (reseal(row)) {
				tokens.save(row);
				return true;
			}
			return null;
		}
		catch (TokenCipher.UndecryptableTokenException ex) {
			unreadable(row);
			return false;
		}
	}

	/**
	 * Seals a row's tokens again with the current key if a previous key opened any.
	 * @return whether the row changed
	 */
	private boolean reseal(ConnectionToken row) {
		TokenCipher.Opened access = cipher.open(row.getAccessToken(), context(row, "access"));
		TokenCipher.Opened refresh = (row.getRefreshToken() != null)
				? cipher.open(row.getRefreshToken(), context(row, "refresh")) : null;
		if (!access.stale() && (refresh == null || !refresh.stale())) {
			return false;
		}
		row.reseal(cipher.encrypt(access.plaintext(), context(row, "access")),
				(refresh != null) ? cipher.encrypt(refresh.plaintext(), context(row, "refresh")) : null);
		return true;
	}

	private OAuth2AuthorizedClient decrypt(ConnectionToken row, ClientRegistration registration) {
		try {
			if (reseal(row)) {
				tokens.save(row);
			}
			// Spring wants expiresAt after issuedAt; a
			// token without an expiry counts as expired
			Instant expiresAt = (row.getAccessTokenExpiresAt() != null) ? row.getAccessTokenExpiresAt()
					: Instant.EPOCH.plusSeconds(1);
			Instant issuedAt = row.getAccessTokenIssuedAt();
			if (issuedAt == null || !expiresAt.isAfter(issuedAt)) {
				issuedAt = expiresAt.minusSeconds(1);
			}
			OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
					cipher.decrypt(row.getAccessToken(), context(row, "access")), issuedAt, expiresAt,
					scopes(row.getScope()));
			OAuth2RefreshToken refreshToken = (row.getRefreshToken() != null)
					? new OAuth2RefreshToken(cipher.decrypt(row.getRefreshToken(), context(row, "refresh")), null)
					: null;
			return new OAuth2AuthorizedClient(registration, row.getPrincipalName(), accessToken, refreshToken);
		}
		catch (TokenCipher.UndecryptableTokenException ex) {
			log.warn("{} tokens of staff user {} do not decrypt with any configured key (CRM_ENCRYPTION_KEY "
					+ "changed?): reconnect needed", row.getProvider(), row.getStaffUserId());
			unreadable(row);
			return null;
		}
	}

	private void unreadable(ConnectionToken row) {
		row.markNeedsReconnect();
		tokens.save(row);
		audit.recordAs(row.getPrincipalName(), "connection.reconnect-needed", row.getProvider(),
				"stored tokens open with no configured key");
	}

	private long staffId(Authentication principal) {
		if (principal.getPrincipal() instanceof StaffPrincipal staffPrincipal) {
			return staffPrincipal.id();
		}
		return staff.idOf(principal.getName())
			.orElseThrow(() -> new IllegalStateException("No staff account for a connection"));
	}

	static Set<String> scopes(String scope) {
		return StringUtils.hasText(scope) ? new LinkedHashSet<>(Arrays.asList(scope.split(" "))) : Set.of();
	}

	/**
	 * Binds each ciphertext to its row's owner, provider and column. Outlook's keep the
	 * form they had in {@code outlook_tokens}, so connections made before V6 still open.
	 */
	private static String context(ConnectionToken row, String column) {
		return context(row.getProvider(), row.getStaffUserId(), column);
	}

	static String context(String provider, long staffId, String column) {
		String table = MICROSOFT.equals(provider) ? "outlook_tokens" : "oauth_connections:" + provider;
		return table + ":" + staffId + ":" + column;
	}

	/**
	 * What a {@link #rekey()} did.
	 *
	 * @param resealed rows sealed again with the current key
	 * @param unreadable rows no key opens, now "reconnect needed"
	 */
	record Rekeyed(int resealed, int unreadable) {
	}

}
