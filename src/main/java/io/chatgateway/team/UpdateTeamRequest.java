package io.chatgateway.team;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.quota.QuotaLimits;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;

/**
 * {@code PUT /api/team}: name and open registration, when absent or null, stay as they are (neither can be
 * cleared). {@code quotas}: a quota given sets it, null resets it to the default, absent leaves it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateTeamRequest(String name, Boolean openRegistration, QuotaChanges quotas) {

    /** The largest quota accepted (a tokens-per-month quota: 10^15). */
    static final long MAX_QUOTA = 1_000_000_000_000_000L;

    UpdateTeamRequest checked() {
        if (quotas != null) {
            quotas.check();
        }
        return new UpdateTeamRequest(Fields.text("name", name, false, 1, 100), openRegistration, quotas);
    }

    /** The quotas of the body and which of them it named (a record component cannot tell absent from null). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonDeserialize(using = QuotaChanges.Reader.class)
    public record QuotaChanges(Integer maxConcurrentGenerations, Integer requestsPerMinutePerKey,
                               Integer requestsPerMinutePerUser, Long tokensPerMonth, @JsonIgnore Set<String> sent) {

        public boolean has(String field) {
            return sent.contains(field);
        }

        private static final Set<String> QUOTAS = Set.of("max_concurrent_generations", "requests_per_minute_per_key",
                "requests_per_minute_per_user", "tokens_per_month");

        void check() {
            for (String field : sent) {
                if (!QUOTAS.contains(field)) {
                    throw ApiException.invalid("quotas." + field, "is not a quota (max_concurrent_generations, "
                            + "requests_per_minute_per_key, requests_per_minute_per_user, tokens_per_month)");
                }
            }
            positive("max_concurrent_generations", maxConcurrentGenerations);
            positive("requests_per_minute_per_key", requestsPerMinutePerKey);
            positive("requests_per_minute_per_user", requestsPerMinutePerUser);
            positive("tokens_per_month", tokensPerMonth);
        }

        private static void positive(String field, Number value) {
            if (value != null && (value.longValue() < 1 || value.longValue() > MAX_QUOTA)) {
                throw ApiException.invalid("quotas." + field, "must be an integer of at least 1, or null for the default");
            }
        }

        static final class Reader extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<QuotaChanges> {

            Reader() {
                super(QuotaChanges.class);
            }

            @Override
            public QuotaChanges deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode body = context.readTree(parser);
                if (!body.isObject()) {
                    return (QuotaChanges) context.handleUnexpectedToken(QuotaChanges.class, body.asToken(), parser,
                            "quotas must be a JSON object");
                }
                QuotaLimits values = context.readTreeAsValue(body, QuotaLimits.class);
                Set<String> sent = new HashSet<>();
                body.fieldNames().forEachRemaining(sent::add);
                return new QuotaChanges(values.maxConcurrentGenerations(), values.requestsPerMinutePerKey(),
                        values.requestsPerMinutePerUser(), values.tokensPerMonth(), Set.copyOf(sent));
            }
        }
    }
}
