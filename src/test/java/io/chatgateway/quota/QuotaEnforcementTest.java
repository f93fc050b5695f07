package io.chatgateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.ApiException;
import io.chatgateway.usage.ScriptedN8n;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Requests per minute (per user, per key) and tokens per month: 429 with Retry-After, and nothing saved. */
@GatewayTest
class QuotaEnforcementTest extends ApiTestBase {

    @Autowired
    Quotas quotas;

    private static void setQuota(Account admin, String quota, Object value) {
        java.util.Map<String, Object> quotas = new java.util.HashMap<>();
        quotas.put(quota, value);
        ApiClient.Response response = admin.client().put("/api/team", Map.of("quotas", quotas));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    /** Fixed one-minute windows: start a test that must stay within one with enough of the minute left. */
    private static void awaitFreshMinute() throws InterruptedException {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second > 40) {
            Thread.sleep((61 - second) * 1000L);
        }
    }

    private int messages(UUID chatId) {
        return jdbc.queryForObject("SELECT message_count FROM chats WHERE id = ?", Integer.class, chatId);
    }

    @Test
    void theThirdSendOfAUserInAMinuteIs429WithRetryAfterAndSavesNothing() throws Exception {
        Account admin = accounts.newTeamAdmin();
        Account colleague = accounts.newMember(admin, "user");
        setQuota(admin, "requests_per_minute_per_user", 2);
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"Ok\"}")) {
            UUID agentId = n8n.agent(admin, "Counted");
            UUID chatId = ScriptedN8n.chat(admin, agentId);
            awaitFreshMinute();
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "One").status()).isEqualTo(200);
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Two").status()).isEqualTo(200);

            ApiClient.Response third = ScriptedN8n.sendForJson(admin, port, chatId, "Three");
            assertThat(third.status()).as(third.toString()).isEqualTo(429);
            assertThat(third.json().get("detail").asText()).contains("2 requests per minute per user");
            int retryAfter = Integer.parseInt(third.header("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1, 60);
            // a streaming client gets the same refusal before any event
            assertThat(ScriptedN8n.sendStreaming(admin, port, chatId, "Four").statusCode()).isEqualTo(429);
            assertThat(messages(chatId)).as("nothing of the refused sends saved").isEqualTo(4);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM generation_usage WHERE team_id = ?", Long.class,
                    admin.teamId())).isEqualTo(2);

            // per user: a colleague still has the minute's requests
            UUID colleagueChat = ScriptedN8n.chat(colleague, agentId);
            assertThat(ScriptedN8n.sendForJson(colleague, port, colleagueChat, "Mine").status()).isEqualTo(200);

            // the next minute admits again
            Thread.sleep(retryAfter * 1000L + 200);
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Five").status()).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_counters WHERE scope = ?", Long.class,
                    "user:" + admin.userId())).as("earlier windows pruned").isEqualTo(1);
        }
    }

    /**
     * One request through V12 quota_admitted, as the statements that start a generation run it (each call commits):
     * the 429 of {@link Quotas#refusal} when it was not admitted.
     */
    private void admit(Account admin, UUID apiKeyId) {
        Map<String, Object> params = quotas.admissionParams(admin.userId(), apiKeyId);
        Boolean admitted = jdbc.queryForObject("SELECT quota_admitted(?, ?, ?, ?, ?)", Boolean.class, admin.teamId(),
                params.get("quota_scope"), params.get("quota_per_key"), params.get("rpm_default"), params.get("tokens_default"));
        if (!Boolean.TRUE.equals(admitted)) {
            throw quotas.refusal(admin.teamId(), admin.userId(), apiKeyId)
                    .orElseThrow(() -> new AssertionError("refused, but refusal() names no quota"));
        }
    }

    @Test
    void keysAreCountedPerKeyAndApartFromTheirCreator() throws Exception {
        Account admin = accounts.newTeamAdmin();
        setQuota(admin, "requests_per_minute_per_key", 1);
        setQuota(admin, "requests_per_minute_per_user", 1);
        UUID key = UUID.randomUUID();
        awaitFreshMinute();
        admit(admin, key);
        assertThatThrownBy(() -> admit(admin, key))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.detail()).contains("per API key");
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 60L);
                });
        admit(admin, UUID.randomUUID());
        admit(admin, null);
        assertThatThrownBy(() -> admit(admin, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.detail()).contains("per user"));
        assertThat(jdbc.queryForObject("SELECT count FROM rate_counters WHERE scope = ?", Integer.class,
                "user:" + admin.userId())).as("a refused request is not counted").isEqualTo(1);
        // unlimited again
        setQuota(admin, "requests_per_minute_per_user", null);
        for (int i = 0; i < 5; i++) {
            admit(admin, null);
        }
    }

    @Test
    void aTeamOutOfTokensForTheMonthIs429UntilTheNextMonthOrARaise() throws Exception {
        Account admin = accounts.newTeamAdmin();
        setQuota(admin, "tokens_per_month", 10);
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"" + "x".repeat(40) + "\"}")) {
            UUID chatId = ScriptedN8n.chat(admin, n8n.agent(admin, "Wordy"));
            // 0 tokens used < 10: admitted, and it uses 3 + 10
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Go").status()).isEqualTo(200);

            ApiClient.Response refused = ScriptedN8n.sendForJson(admin, port, chatId, "More");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.json().get("detail").asText()).contains("10 tokens of this month");
            long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
            assertThat(retryAfter).as("seconds to the 1st of next month").isBetween(1L, 31L * 24 * 3600);
            ApiClient.Response regenerate = admin.client().post("/api/chats/" + chatId + "/messages", Map.of("regenerate", true));
            assertThat(regenerate.status()).isEqualTo(429);
            assertThat(messages(chatId)).isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT superseded::text FROM chats WHERE id = ?", String.class, chatId)).isEqualTo("[]");

            setQuota(admin, "tokens_per_month", 1000);
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "More").status()).isEqualTo(200);
        }
    }
}
