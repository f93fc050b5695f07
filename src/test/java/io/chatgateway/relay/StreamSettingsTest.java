package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.RelayProperties.OnDisconnect;
import org.junit.jupiter.api.Test;

/** The settings of one stream: the service's, an agent's overrides, and the bounds of those overrides. */
class StreamSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RelayProperties DEFAULTS = new RelayProperties(null, null, null, null, null, null, null, null, null, null, null);

    private static StreamSettings of(String agentRelaySettings) throws Exception {
        return StreamSettings.of(DEFAULTS, agentRelaySettings == null ? null : JSON.readTree(agentRelaySettings));
    }

    @Test
    void withoutOverridesTheServicesDefaultsApply() throws Exception {
        StreamSettings settings = of(null);
        assertThat(settings).isEqualTo(new StreamSettings(10_000, 120_000, 60_000, 600_000, 15_000, OnDisconnect.CONTINUE));
        assertThat(of("{}")).isEqualTo(settings);
    }

    @Test
    void theServicesOwnSettingsAreTheDefaults() {
        RelayProperties global = new RelayProperties(null, Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(20),
                Duration.ofMinutes(2), Duration.ofSeconds(5), null, OnDisconnect.ABORT, null, null, null);
        assertThat(StreamSettings.of(global, null))
                .isEqualTo(new StreamSettings(3_000, 30_000, 20_000, 120_000, 5_000, OnDisconnect.ABORT));
    }

    @Test
    void anAgentOverridesEachSetting() throws Exception {
        assertThat(of("""
                {"connect_timeout_ms": 2000, "first_byte_timeout_ms": 300000, "idle_timeout_ms": 45000,
                 "total_timeout_ms": 1800000, "heartbeat_interval_ms": 30000, "on_disconnect": "ABORT"}"""))
                .isEqualTo(new StreamSettings(2_000, 300_000, 45_000, 1_800_000, 30_000, OnDisconnect.ABORT));
        assertThat(of("{\"idle_timeout_ms\": 5000}"))
                .isEqualTo(new StreamSettings(10_000, 120_000, 5_000, 600_000, 15_000, OnDisconnect.CONTINUE));
    }

    @Test
    void overridesOutsideTheirRangeAreBroughtIntoIt() throws Exception {
        assertThat(of("""
                {"connect_timeout_ms": 1, "first_byte_timeout_ms": 99999999999, "idle_timeout_ms": 50,
                 "total_timeout_ms": 86400000, "heartbeat_interval_ms": 1}"""))
                .isEqualTo(new StreamSettings(100, 3_600_000, 100, 3_600_000, 1_000, OnDisconnect.CONTINUE));
        assertThat(of("{\"heartbeat_interval_ms\": 86400000, \"connect_timeout_ms\": 600000}"))
                .extracting(StreamSettings::heartbeatIntervalMs, StreamSettings::connectTimeoutMs)
                .containsExactly(300_000L, 60_000L);
    }

    @Test
    void invalidOverridesAreIgnored() throws Exception {
        StreamSettings defaults = of(null);
        for (String invalid : new String[] {"{\"idle_timeout_ms\": 0}", "{\"idle_timeout_ms\": -5}",
                "{\"idle_timeout_ms\": \"5000\"}", "{\"idle_timeout_ms\": null}", "{\"idle_timeout_ms\": {}}",
                "{\"on_disconnect\": \"stop\"}", "{\"on_disconnect\": 1}", "{\"unknown_ms\": 5}", "[]"}) {
            assertThat(of(invalid)).as(invalid).isEqualTo(defaults);
        }
    }

    @Test
    void theSocketTimeoutIsABackstopBehindEveryDeadlineOfTheWatchdog() throws Exception {
        assertThat(of("{\"first_byte_timeout_ms\": 500, \"idle_timeout_ms\": 60000}").responseTimeoutMs()).isEqualTo(60_000);
        assertThat(of("{\"first_byte_timeout_ms\": 120000, \"idle_timeout_ms\": 5000}").responseTimeoutMs()).isEqualTo(120_000);
        assertThat(of("{\"first_byte_timeout_ms\": 120000, \"total_timeout_ms\": 800}").responseTimeoutMs()).isEqualTo(800);
    }

    @Test
    void settingsComeFromAParsedJsonObject() throws Exception {
        JsonNode relay = JSON.readTree("{\"on_disconnect\":\"abort\"}");
        assertThat(StreamSettings.of(DEFAULTS, relay).onDisconnect()).isEqualTo(OnDisconnect.ABORT);
    }
}
