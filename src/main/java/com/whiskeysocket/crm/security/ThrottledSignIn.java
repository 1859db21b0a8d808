package com.whiskeysocket.crm.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.whiskeysocket.crm.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AccountStatusException;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Username and password sign-in behind the throttle: an address that must still wait, or
 * an account that must for this address, is refused before its password is looked at;
 * each failure is counted, logged (never the password) and audited, and a success clears
 * the account's count. Unknown users, wrong passwords and disabled accounts fail alike. A
 * database that cannot be reached is none of these: its exception goes up unchanged, to
 * be answered with a 503.
 */
@Component
class ThrottledSignIn implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(ThrottledSignIn.class);

	private final DaoAuthenticationProvider passwords;

	private final SignInThrottle throttle;

	private final AuditLog audit;

	private final Clock clock;

	ThrottledSignIn(UserDetailsService staff, UserDetailsPasswordService passwordUpdates,
			PasswordEncoder passwordEncoder, SignInThrottle throttle, AuditLog audit) {
		this.passwords = new DaoAuthenticationProvider(staff);
		this.passwords.setPasswordEncoder(passwordEncoder);
		// a bcrypt hash is re-encoded with PBKDF2
		// once its password has been seen to match
		this.passwords.setUserDetailsPasswordService(passwordUpdates);
		this.throttle = throttle;
		this.audit = audit;
		this.clock = Clock.systemUTC();
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Instant now = clock.instant();
		Duration wait = throttle.waitFor(username, address, now);
		if (!wait.isZero() && !wait.isNegative()) {
			log.warn("Sign-in refused for '{}' from {}: must wait {} s", printable(username), address,
					wait.toSeconds());
			throw new SignInThrottledException(wait);
		}
		try {
			Authentication result = passwords.authenticate(authentication);
			throttle.succeeded(username, address);
			audit.recordAs(result.getName(), "sign-in.succeeded", null, null);
			return result;
		}
		catch (BadCredentialsException | AccountStatusException ex) {
			SignInThrottle.Failure failure = throttle.failed(username, address, now);
			log.warn("Failed sign-in for '{}' from {} ({})", printable(username), address,
					failure.locked() ? "locked for " + failure.delay().toSeconds() + " s" : "wrong credentials");
			audit.recordAs(username, "sign-in.failed", null, null);
			if (failure.locked()) {
				audit.recordAs(username, "sign-in.locked", failure.key(),
						"for " + failure.delay().toMinutes() + " min");
			}
			throw ex;
		}
		catch (InternalAuthenticationServiceException ex) {
			// the account could not be read (the database is down): not a wrong password,
			// so it must not say so; unwrapped, it reaches the filter that answers 503
			if (ex.getCause() instanceof DataAccessException unreadable) {
				throw unreadable;
			}
			if (ex.getCause() instanceof TransactionException unreadable) {
				throw unreadable;
			}
			throw ex;
		}
	}

	/** A typed username can hold anything: keep log lines single and short. */
	private static String printable(String username) {
		if (username == null) {
			return "";
		}
		String clean = username.replaceAll("\\p{Cntrl}", "?");
		return (clean.length() <= 64) ? clean : clean.substring(0, 64) + "…";
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
