package com.whiskeysocket.crm.apitokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens for scripts calling {@code /api/**}: created by their owner and
 * shown once ({@code wsc_} and 32 random bytes, base64url), kept only as a SHA-256 hash,
 * revoked by their owner or an admin. A token acts with its owner's role and stops
 * working when the owner is disabled. Other modules use only {@link #authenticate}.
 */
@Service
public class ApiTokens {

	static final String PREFIX = "wsc_";

	/** More active tokens than this per person is a leak waiting to happen. */
	static final int MAX_ACTIVE_PER_PERSON = 20;

	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private static final int HINT_LENGTH = PREFIX.length() + 4;

	// wsc_ + 43 base64url characters; anything longer is not ours
	private static final int MAX_TOKEN_LENGTH = 64;

	private final ApiTokenRepository tokens;

	private final StaffDirectory staff;

	private final AuditLog audit;

	private final SecureRandom random = new SecureRandom();

	private final Clock clock = Clock.systemUTC();

	ApiTokens(ApiTokenRepository tokens, StaffDirectory staff, AuditLog audit) {
		this.tokens = tokens;
		this.staff = staff;
		this.audit = audit;
	}

	/**
	 * Creates a token for its owner.
	 * @param owner who asks
	 * @param form the validated name and lifetime
	 * @return the token, to show once, or empty if the owner has too many active tokens
	 */
	@Transactional
	public Optional<Created> create(StaffPrincipal owner, ApiTokenForm form) {
		if (tokens.countByStaffIdAndRevokedAtIsNull(owner.id()) >= MAX_ACTIVE_PER_PERSON) {
			return Optional.empty();
		}
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant now = clock.instant();
		String name = form.name().strip();
		ApiToken saved = tokens.save(new ApiToken(owner.id(), name, sha256(token), token.substring(0, HINT_LENGTH), now,
				form.expiry().expiresAt(now)));
		audit.record("api-token.created", describe(saved, owner.getUsername()), "expiry " + form.expiry());
		return Optional.of(new Created(saved.getId(), name, token));
	}

	/**
	 * The owner's tokens, newest first, revoked and expired ones included.
	 * @param owner whose
	 * @return the tokens
	 */
	@Transactional(readOnly = true)
	public List<ApiTokenView> of(StaffPrincipal owner) {
		Instant now = clock.instant();
		return tokens.findByStaffIdOrderByIdDesc(owner.id())
			.stream()
			.map((token) -> view(token, owner.getUsername(), owner.displayName(), now))
			.toList();
	}

	/**
	 * Every person's tokens, for the admin's page.
	 * @return the tokens, newest first
	 */
	@Transactional(readOnly = true)
	public List<ApiTokenView> all() {
		Instant now = clock.instant();
		Map<Long, StaffPrincipal> owners = new HashMap<>();
		return tokens.findAllByOrderByIdDesc().stream().map((token) -> {
			StaffPrincipal owner = owners.computeIfAbsent(token.getStaffId(),
					(id) -> staff.principalOf(id).orElseThrow());
			return view(token, owner.getUsername(), owner.displayName(), now);
		}).toList();
	}

	/**
	 * Revokes a token: its owner may, and an admin may revoke anyone's.
	 * @param id the token
	 * @param actor who asks
	 * @return {@code false} if there is no such token, it is someone else's and the actor
	 * is not an admin, or it was revoked already
	 */
	@Transactional
	public boolean revoke(long id, StaffPrincipal actor) {
		Optional<ApiToken> found = tokens.findById(id)
			.filter((token) -> token.getStaffId() == actor.id() || actor.isAdmin());
		if (found.isEmpty()) {
			return false;
		}
		ApiToken token = found.get();
		if (!token.revoke(actor.getUsername(), clock.instant())) {
			return false;
		}
		String ownerName = staff.usernameOf(token.getStaffId()).orElse("?");
		audit.record("api-token.revoked", describe(token, ownerName), null);
		return true;
	}

	/**
	 * The staff member a presented token acts for. Unknown, expired and revoked tokens
	 * and those of a disabled owner are all simply empty, so a caller learns nothing
	 * about which it was. The last-used time is written at most once a minute; the first
	 * use is audited.
	 * @param presented the token from the {@code Authorization} header
	 * @return the owner, without a password hash
	 */
	@Transactional
	public Optional<StaffPrincipal> authenticate(String presented) {
		if (presented == null || !presented.startsWith(PREFIX) || presented.length() > MAX_TOKEN_LENGTH) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		Optional<ApiToken> token = tokens.findByTokenHash(sha256(presented)).filter((t) -> t.usableAt(now));
		if (token.isEmpty()) {
			return Optional.empty();
		}
		Optional<StaffPrincipal> owner = staff.principalOf(token.get().getStaffId()).filter(StaffPrincipal::isEnabled);
		if (owner.isEmpty()) {
			return Optional.empty();
		}
		markUsed(token.get(), owner.get().getUsername(), now);
		return owner;
	}

	private void markUsed(ApiToken token, String owner, Instant now) {
		Instant before = now.minus(LAST_USED_RESOLUTION);
		Instant last = token.getLastUsedAt();
		if (last != null && !last.isBefore(before)) {
			return;
		}
		// the update's own condition decides between nodes racing to write it
		if (tokens.markUsed(token.getId(), now, before) == 1 && last == null) {
			audit.recordAs(owner, "api-token.first-used", describe(token, owner), null);
		}
	}

	private static ApiTokenView view(ApiToken token, String ownerUsername, String ownerName, Instant now) {
		return new ApiTokenView(token.getId(), token.getName(), token.getTokenHint(), ownerUsername, ownerName,
				token.getCreatedAt(), token.getExpiresAt(), token.getLastUsedAt(), token.getRevokedAt(),
				token.statusAt(now));
	}

	/** Names a token in the audit trail: never the token itself. */
	private static String describe(ApiToken token, String ownerUsername) {
		return ownerUsername + ": " + token.getName() + " (#" + token.getId() + ")";
	}

	static String sha256(String token) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * A token just created: the only time the token itself is known.
	 *
	 * @param id its id
	 * @param name its name
	 * @param token the token, to show once
	 */
	record Created(long id, String name, String token) {

		@Override
		public String toString() {
			return "Created[id=" + id + ", name=" + name + "]";
		}

	}

}
