package com.whiskeysocket.crm.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standard Webhooks verification, checked against the specification's reference vector
 * (the same one the gateway's {@code webhooks.test.js} signs).
 */
class WebhookSignaturesTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final String TIMESTAMP = "1614265330";

	private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final Instant THEN = Instant.ofEpochSecond(1614265330);

	private final WebhookSignatures signatures = new WebhookSignatures(SECRET, Duration.ofMinutes(5));

	@Test
	void signsTheSpecificationsReferenceVector() {
		assertThat(signatures.sign(ID, TIMESTAMP, BODY)).isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void acceptsTheReferenceSignatureAmongOthers() {
		assertThat(signatures.verify(ID, TIMESTAMP, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", BODY, THEN))
			.isTrue();
		assertThat(signatures.verify(ID, TIMESTAMP,
				"v1,bm9wZQ== v1a,whatever v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", BODY, THEN))
			.isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					no signature        | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | -
					no id               | -                            | 1614265330 | v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					other id            | msg_other                    | 1614265330 | v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					other timestamp     | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265331 | v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					no timestamp        | msg_p5jXN8AQM9LWM0D4loKWxJek | -          | v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					timestamp not a number | msg_p5jXN8AQM9LWM0D4loKWxJek | soon   | v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					wrong version       | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					wrong signature     | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=
					no version          | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
					""")
	void refuses(String why, String id, String timestamp, String signature) {
		assertThat(signatures.verify(id, timestamp, signature, BODY, THEN)).isFalse();
	}

	@Test
	void refusesAnotherBody() {
		assertThat(signatures.verify(ID, TIMESTAMP, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
				"{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), THEN))
			.isFalse();
	}

	@ParameterizedTest(name = "{0} s from the timestamp: {1}")
	@CsvSource({ "-301, false", "-300, true", "0, true", "300, true", "301, false" })
	void acceptsTimestampsWithinFiveMinutesOfNow(long offsetSeconds, boolean accepted) {
		String signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

		assertThat(signatures.verify(ID, TIMESTAMP, signature, BODY, THEN.plusSeconds(offsetSeconds)))
			.isEqualTo(accepted);
	}

	@Test
	void aSecretWithoutThePrefixIsItsUtf8BytesAsTheGatewayReadsIt() {
		// the gateway's test: 'plain-secret' signs like 'whsec_' + base64('plain-secret')
		WebhookSignatures plain = new WebhookSignatures("plain-secret", Duration.ofMinutes(5));
		WebhookSignatures prefixed = new WebhookSignatures("whsec_cGxhaW4tc2VjcmV0", Duration.ofMinutes(5));

		assertThat(plain.sign("msg_1", "1", "{}".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(prefixed.sign("msg_1", "1", "{}".getBytes(StandardCharsets.UTF_8)));
	}

}
