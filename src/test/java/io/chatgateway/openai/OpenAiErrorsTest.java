package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.ApiException;
import org.junit.jupiter.api.Test;

/** How refusals of the rest of the service (quotas, a busy replica...) read to an OpenAI client. */
class OpenAiErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRateLimitMayBeRetriedAfterItsWaitAQuotaOfTheMonthMayNot() {
        OpenAiException rate = OpenAiErrors.of(ApiException.tooManyRequests("At most 5 requests per minute per API key", 12));
        assertThat(rate.status()).isEqualTo(429);
        assertThat(rate.type()).isEqualTo("rate_limit_exceeded");
        assertThat(rate.code()).isEqualTo("rate_limit_exceeded");
        assertThat(rate.retryAfterSeconds()).isEqualTo(12);
        assertThat(rate.shouldRetry()).isNull();

        OpenAiException quota = OpenAiErrors.of(ApiException.tooManyRequests("Your team has used its tokens", 86_400 * 3));
        assertThat(quota.status()).isEqualTo(429);
        assertThat(quota.type()).isEqualTo("insufficient_quota");
        assertThat(quota.code()).isEqualTo("insufficient_quota");
        assertThat(quota.retryAfterSeconds()).isEqualTo(86_400 * 3);
        assertThat(quota.shouldRetry()).isFalse();
        assertThat(quota.detail()).isEqualTo("Your team has used its tokens");
    }

    @Test
    void otherRefusalsKeepTheirStatusAndSentence() throws Exception {
        OpenAiException busy = OpenAiErrors.of(ApiException.unavailable("The service is busy", 5));
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.type()).isEqualTo("server_error");
        assertThat(busy.retryAfterSeconds()).isEqualTo(5);

        OpenAiException conflict = OpenAiErrors.of(ApiException.conflict("Busy"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.shouldRetry()).isFalse();

        OpenAiException invalid = OpenAiErrors.of(ApiException.invalid("name", "must not be blank"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.param()).isEqualTo("name");

        OpenAiException bug = OpenAiErrors.of(new IllegalStateException("secret detail"));
        assertThat(bug.status()).isEqualTo(500);
        assertThat(bug.detail()).doesNotContain("secret");

        JsonNode body = JSON.readTree(OpenAiErrors.bytes(OpenAiException.modelNotFound("x")));
        assertThat(body).isEqualTo(JSON.readTree("{\"error\":{\"message\":\"The model `x` does not exist or you do not have "
                + "access to it.\",\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}"));
    }
}
