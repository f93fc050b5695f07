package io.chatgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every generation records its usage with its end: characters of what n8n received (system prompt and every
 * message) and of the answer, tokens estimated as ceil(chars / 4), time to first token, duration and status; the
 * row outlives the chat; the month's counter and the Prometheus counters follow.
 */
@GatewayTest
class UsageRecordingTest extends ApiTestBase {

    @Autowired
    MeterRegistry registry;

    private Map<String, Object> usageOf(UUID chatId, int nth) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT u.* FROM generation_usage u JOIN generations g ON g.id = u.generation_id
                WHERE g.chat_id = ? ORDER BY u.created_at""", chatId);
        assertThat(rows).as("usage rows of the chat").hasSizeGreaterThan(nth);
        return rows.get(nth);
    }

    @Test
    void aCompleteAnswerRecordsCharactersEstimatedTokensTimesAndTheMonthsTokens() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"Hello, w\\u00f6rld \\ud83d\\ude00\"}")) {
            UUID agentId = n8n.agent(admin, "Helper");
            UUID chatId = ScriptedN8n.chat(admin, agentId);
            ApiClient.Response first = ScriptedN8n.sendForJson(admin, port, chatId, "Hi there");
            assertThat(first.status()).as(first.toString()).isEqualTo(200);

            Map<String, Object> usage = usageOf(chatId, 0);
            // "Be brief." (9) + "Hi there" (8); the answer "Hello, wörld 😀" is 14 characters (code points)
            assertThat(usage).containsEntry("team_id", admin.teamId()).containsEntry("user_id", admin.userId())
                    .containsEntry("agent_id", agentId).containsEntry("source", "chat").containsEntry("status", "complete")
                    .containsEntry("chars_in", 17L).containsEntry("chars_out", 14L)
                    .containsEntry("tokens_in", 5L).containsEntry("tokens_out", 4L)
                    .containsEntry("tokens_estimated", true).containsEntry("api_key_id", null);
            assertThat((Long) usage.get("ttft_ms")).isNotNull().isNotNegative();
            assertThat((Long) usage.get("duration_ms")).isNotNull().isNotNegative()
                    .as("both from when the request arrived").isGreaterThanOrEqualTo((Long) usage.get("ttft_ms"));

            // the second send: n8n gets the whole history again
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Again").status()).isEqualTo(200);
            assertThat(usageOf(chatId, 1)).containsEntry("chars_in", 9L + 8 + 14 + 5L).containsEntry("tokens_in", 9L);

            Map<String, Object> month = jdbc.queryForMap("SELECT CAST(sum(generations) AS bigint) AS generations, CAST(sum(tokens) AS bigint) AS tokens "
                    + "FROM usage_months WHERE team_id = ?",
                    admin.teamId());
            assertThat(month).containsEntry("generations", 2L).containsEntry("tokens", 5L + 4 + 9 + 4);

            String team = admin.teamId().toString();
            assertThat(registry.get("chatgateway.usage.generations").tag("team", team).tag("agent", agentId.toString())
                    .tag("status", "complete").counter().count()).isEqualTo(2.0);
            assertThat(registry.get("chatgateway.usage.chars").tag("team", team).tag("direction", "in").counter().count())
                    .isEqualTo(17.0 + 36);
            assertThat(registry.get("chatgateway.usage.tokens").tag("team", team).tag("direction", "out").counter().count())
                    .isEqualTo(8.0);
            assertThat(registry.find("chatgateway.usage.generations").tagKeys("user").counters()).as("no user tags").isEmpty();

            // deleting the chat (and its generations) keeps its usage
            UUID generationId = (UUID) usageOf(chatId, 0).get("generation_id");
            assertThat(admin.client().delete("/api/chats/" + chatId).status()).isEqualTo(204);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM generations WHERE id = ?", Long.class, generationId)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM generation_usage WHERE team_id = ?", Long.class,
                    admin.teamId())).isEqualTo(2);
        }
    }

    @Test
    void aRegeneratedOrEditedAnswerCountsWhatN8nGotForIt() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"Hello, w\\u00f6rld \\ud83d\\ude00\"}")) {
            UUID chatId = ScriptedN8n.chat(admin, n8n.agent(admin, "Helper"));
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Hi there").status()).isEqualTo(200);

            // the answer is superseded: n8n gets "Be brief." (9) + "Hi there" (8) again, not the old answer
            ApiClient.Response regenerated = ScriptedN8n.turnForJson(admin, port, chatId, "{\"regenerate\":true}");
            assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
            assertThat(usageOf(chatId, 1)).containsEntry("chars_in", 17L).containsEntry("tokens_in", 5L);

            // "Hi there" becomes "Hey" and what followed is dropped: 9 + 3
            String messageId = admin.client().get("/api/chats/" + chatId).json().get("messages").get(0).get("id").asText();
            ApiClient.Response edited = ScriptedN8n.turnForJson(admin, port, chatId,
                    "{\"edit_message_id\":\"" + messageId + "\",\"content\":\"Hey\"}");
            assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
            assertThat(usageOf(chatId, 2)).containsEntry("chars_in", 12L).containsEntry("tokens_in", 3L);
        }
    }

    @Test
    void theChatKeepsTheCharactersOfItsMessagesSoThatAnEndDoesNotCountThemAgain() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"Hello, w\\u00f6rld \\ud83d\\ude00\"}")) {
            UUID chatId = ScriptedN8n.chat(admin, n8n.agent(admin, "Helper"));
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Hi there").status()).isEqualTo(200);
            assertThat(keptChars(chatId)).isEqualTo(8L + 14).isEqualTo(countedChars(chatId));

            // the kept count is what an end reads: a wrong one shows in chars_in, and is carried on
            jdbc.update("UPDATE chats SET content_chars = 1000 WHERE id = ?", chatId);
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Again").status()).isEqualTo(200);
            assertThat(usageOf(chatId, 1)).containsEntry("chars_in", 9L + 1000 + 5);
            assertThat(keptChars(chatId)).isEqualTo(1000L + 5 + 14);

            // messages written from outside (or by a replica from before V17) leave the sum unknown; the end counts
            // the messages and keeps the sum
            jdbc.update("UPDATE chats SET messages = messages WHERE id = ?", chatId);
            assertThat(keptChars(chatId)).isNull();
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Third").status()).isEqualTo(200);
            assertThat(usageOf(chatId, 2)).containsEntry("chars_in", 9L + 8 + 14 + 5 + 14 + 5);
            assertThat(keptChars(chatId)).isEqualTo(countedChars(chatId));

            // a regenerate takes the answer it replaces off the sum, an edit the messages it drops
            ApiClient.Response regenerated = ScriptedN8n.turnForJson(admin, port, chatId, "{\"regenerate\":true}");
            assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
            assertThat(usageOf(chatId, 3)).containsEntry("chars_in", 9L + 8 + 14 + 5 + 14 + 5);
            assertThat(keptChars(chatId)).isEqualTo(8L + 14 + 5 + 14 + 5 + 14).isEqualTo(countedChars(chatId));
            String againId = admin.client().get("/api/chats/" + chatId).json().get("messages").get(2).get("id").asText();
            ApiClient.Response edited = ScriptedN8n.turnForJson(admin, port, chatId,
                    "{\"edit_message_id\":\"" + againId + "\",\"content\":\"Once more\"}");
            assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
            assertThat(usageOf(chatId, 4)).containsEntry("chars_in", 9L + 8 + 14 + 9);
            assertThat(keptChars(chatId)).isEqualTo(8L + 14 + 9 + 14).isEqualTo(countedChars(chatId));

            // a chat inserted with messages by SQL: not known either
            UUID inserted = jdbc.queryForObject("""
                    INSERT INTO chats (team_id, user_id, agent_id, messages, message_count)
                    SELECT team_id, user_id, agent_id, CAST(? AS jsonb), 1 FROM chats WHERE id = ? RETURNING id""",
                    UUID.class, "[{\"role\":\"user\",\"content\":\"Imported\"}]", chatId);
            assertThat(keptChars(inserted)).isNull();
        }
    }

    private Long keptChars(UUID chatId) {
        return jdbc.queryForObject("SELECT content_chars FROM chats WHERE id = ?", Long.class, chatId);
    }

    private Long countedChars(UUID chatId) {
        return jdbc.queryForObject("SELECT chars_sent(messages, NULL) FROM chats WHERE id = ?", Long.class, chatId);
    }

    @Test
    void aFailedAnswerIsRecordedAsErrorWithoutOutput() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.failing(500, "{\"message\":\"Workflow failed\"}")) {
            UUID agentId = n8n.agent(admin, "Broken");
            UUID chatId = ScriptedN8n.chat(admin, agentId);
            assertThat(ScriptedN8n.sendForJson(admin, port, chatId, "Hi").status()).isEqualTo(502);
            assertThat(usageOf(chatId, 0)).containsEntry("status", "error").containsEntry("chars_in", 11L)
                    .containsEntry("chars_out", 0L).containsEntry("tokens_out", 0L).containsEntry("ttft_ms", null);
            assertThat(registry.get("chatgateway.usage.generations").tag("team", admin.teamId().toString())
                    .tag("status", "error").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void aStoppedAnswerRecordsTheTextStreamedUntilTheStop() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.holding("Partial")) {
            UUID chatId = ScriptedN8n.chat(admin, n8n.agent(admin, "Slow"));
            HttpResponse<InputStream> stream = ScriptedN8n.sendStreaming(admin, port, chatId, "Tell me");
            assertThat(stream.statusCode()).isEqualTo(200);
            n8n.awaitHeld(1);
            Thread.sleep(200); // the piece reaches the relay
            assertThat(admin.client().post("/api/chats/" + chatId + "/stop", Map.of()).status()).isEqualTo(202);
            assertThat(ScriptedN8n.readToEnd(stream)).contains("\"reason\":\"stopped\"");
            Map<String, Object> usage = usageOf(chatId, 0);
            assertThat(usage).containsEntry("status", "stopped").containsEntry("chars_out", 7L).containsEntry("tokens_out", 2L);
            assertThat((Long) usage.get("ttft_ms")).isNotNull();
        }
    }

    @Test
    void anAbandonedGenerationIsRecordedAsInterruptedByTheReaperWithWhatItKnows() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"unused\"}")) {
            UUID agentId = n8n.agent(admin, "Gone");
            UUID chatId = ScriptedN8n.chat(admin, agentId);
            UUID generationId = UUID.randomUUID();
            // a send's generation of a replica that died after streaming "So far" (its heartbeat is old); as a send
            // starts it, its chars_in is left to whoever ends it
            // (written as from outside the service: the chat's characters are then not known, V17's trigger)
            jdbc.update("UPDATE chats SET messages = CAST(? AS jsonb) WHERE id = ?",
                    "[{\"role\":\"user\",\"content\":\"Where are we?\"}]", chatId);
            jdbc.update("""
                    INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner, last_seq, heartbeat_at,
                                             created_at)
                    VALUES (?, ?, ?, ?, ?, 'dead-replica', 2, now() - interval '1 hour', now() - interval '1 hour')""",
                    generationId, chatId, admin.teamId(), admin.userId(), agentId);
            jdbc.update("INSERT INTO generation_chunks (generation_id, first_seq, last_seq, events) VALUES (?, 1, 2, ?)",
                    generationId, "{\"type\":\"status\",\"data\":{\"message\":\"Sending\"}}\n"
                            + "{\"type\":\"message\",\"data\":{\"content\":\"So far\"}}");
            Map<String, Object> usage = null;
            for (int i = 0; i < 300 && usage == null; i++) {
                List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM generation_usage WHERE generation_id = ?", generationId);
                usage = rows.isEmpty() ? null : rows.get(0);
                Thread.sleep(100);
            }
            assertThat(usage).as("recorded by the reaper").isNotNull();
            long charsIn = ScriptedN8n.SYSTEM_PROMPT.length() + "Where are we?".length();
            assertThat(usage).containsEntry("status", "interrupted").containsEntry("chars_in", charsIn)
                    .containsEntry("chars_out", 6L).containsEntry("tokens_in", (charsIn + 3) / 4).containsEntry("tokens_out", 2L)
                    .containsEntry("ttft_ms", null).containsEntry("tokens_estimated", true);
            assertThat((Long) usage.get("duration_ms")).isGreaterThanOrEqualTo(3_600_000L);
        }
    }
}
