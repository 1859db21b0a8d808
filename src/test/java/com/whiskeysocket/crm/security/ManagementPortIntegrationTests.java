package com.whiskeysocket.crm.security;

import java.util.List;

import com.whiskeysocket.crm.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code MANAGEMENT_PORT} the actuator moves to that port (on loopback unless
 * {@code MANAGEMENT_ADDRESS} says otherwise), where monitoring reads metrics without a
 * sign-in; the app's own port no longer serves them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MANAGEMENT_PORT=0")
class ManagementPortIntegrationTests {

	@LocalServerPort
	private int appPort;

	@LocalManagementPort
	private int managementPort;

	@Test
	void metricsAreReadOnTheManagementPortWithoutSigningIn() throws Exception {
		assertThat(managementPort).isPositive().isNotEqualTo(appPort);
		RawHttp.Response metrics = RawHttp.send(managementPort, "GET", "/actuator/prometheus", List.of(), null);
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
		assertThat(RawHttp.send(managementPort, "GET", "/actuator/health/readiness", List.of(), null).status())
			.isEqualTo(200);
	}

	@Test
	void theAppsPortNoLongerServesMetricsToAnyone() throws Exception {
		RawHttp.Response metrics = RawHttp.send(appPort, "GET", "/actuator/prometheus", List.of(), null);
		assertThat(metrics.status()).isNotEqualTo(200);
		assertThat(metrics.body()).doesNotContain("jvm_memory_used_bytes");
	}

}
