package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The relay's timers reach Prometheus as histograms, so p95/p99 can be computed there across replicas. */
class RelayMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RelayMetrics metrics = new RelayMetrics(registry);

    @Test
    void timeToFirstTokenIsAHistogramWithBuckets() {
        metrics.firstToken(Duration.ofMillis(40).toNanos());
        metrics.firstToken(Duration.ofSeconds(3).toNanos());

        String scrape = registry.scrape();

        assertThat(scrape).contains("# TYPE chatgateway_relay_first_token_seconds histogram");
        assertThat(scrape).contains("chatgateway_relay_first_token_seconds_bucket{le=\"0.05\"} 1")
                .contains("chatgateway_relay_first_token_seconds_bucket{le=\"5.0\"} 2")
                .contains("chatgateway_relay_first_token_seconds_bucket{le=\"+Inf\"} 2")
                .contains("chatgateway_relay_first_token_seconds_count 2");
    }

    @Test
    void answerDurationIsAHistogramPerOutcome() {
        metrics.streamStarted();
        metrics.streamEnded("complete", Duration.ofSeconds(7).toNanos());
        metrics.streamStarted();
        metrics.streamEnded("error", Duration.ofMillis(200).toNanos());

        String scrape = registry.scrape();

        assertThat(scrape).contains("# TYPE chatgateway_relay_answer_duration_seconds histogram")
                .contains("chatgateway_relay_answer_duration_seconds_bucket{outcome=\"complete\",le=\"5.0\"} 0")
                .contains("chatgateway_relay_answer_duration_seconds_bucket{outcome=\"complete\",le=\"10.0\"} 1")
                .contains("chatgateway_relay_answer_duration_seconds_bucket{outcome=\"error\",le=\"0.25\"} 1")
                .contains("chatgateway_relay_answer_duration_seconds_bucket{outcome=\"complete\",le=\"600.0\"} 1");
        assertThat(scrape).contains("chatgateway_relay_overhead_seconds_bucket{le=\"0.001\"}");
    }

    @Test
    void bucketsReachTheRelaysLongestAnswer() {
        // the relay's default total timeout is 10 minutes: no answer falls beyond the last finite bucket
        assertThat(RelayMetrics.DURATION_BUCKETS[RelayMetrics.DURATION_BUCKETS.length - 1]).isEqualTo(Duration.ofMinutes(10));
        assertThat(RelayMetrics.FIRST_TOKEN_BUCKETS[RelayMetrics.FIRST_TOKEN_BUCKETS.length - 1])
                .isEqualTo(Duration.ofMinutes(2));
    }
}
