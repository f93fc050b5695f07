package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every answer format n8n (or an agent behind it) may use: the events the client gets and the stored answer. */
@GatewayTest
class RelayFormatsTest extends ApiTestBase {

    RelayFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new RelayFixtures(jdbc);
    }

    /** Sends "Hi" to a chat whose n8n answers with the handler; returns the event summary, checks the stored answer. */
    private List<String> relay(N8nStub.Handler handler, String storedAnswer) throws Exception {
        try (N8nStub n8n = new N8nStub(handler)) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());
            String body = user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "Hi")).body();
            List<JsonNode> messages = fixtures.messages(chatId);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("content").asText()).isEqualTo(storedAnswer);
            assertThat(messages.get(1).get("status").asText()).isEqualTo("complete");
            return SseEvents.summary(SseEvents.parse(body));
        }
    }

    private static N8nStub.Handler chunked(String contentType, String... parts) {
        return (request, response) -> {
            response.start(200, contentType);
            for (String part : parts) {
                response.chunk(part);
            }
            response.end();
        };
    }

    @Test
    void n8nStreamingWithSeveralBeginEndPairsAndSplitLines() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        N8nStub.Handler handler = (request, response) -> {
            response.start(200, "application/json; charset=utf-8");
            response.chunk("{\"type\":\"begin\",\"metadata\":{\"nodeId\":\"a\"}}\n{\"type\":\"item\",\"content\":\"Let me \",\"metadata\":{}}\n");
            response.chunk("{\"type\":\"item\",\"con");
            response.chunk("tent\":\"check.\"}\n{\"type\":\"end\"}\n{\"type\":\"keepalive\"}\n\n");
            response.chunk("{\"type\":\"begin\"}\r\n{\"type\":\"item\",\"content\":\"It costs 5 ");
            // a multi-byte character split across two chunks
            response.chunk(new byte[] {euro[0]});
            response.chunk(new byte[] {euro[1], euro[2]});
            response.chunk(".\"}\n{\"type\":\"item\",\"content\":\"\\nDone\"}\n{\"type\":\"end\"}");
            response.end();
        };
        assertThat(relay(handler, "Let me check.It costs 5 €.\nDone")).containsExactly(
                "status", "message:Let me ", "message:check.", "message:It costs 5 €.", "message:\nDone", "done");
    }

    @Test
    void sseWithContentFieldsAndDone() throws Exception {
        assertThat(relay(chunked("text/event-stream",
                "data: {\"content\":\"Hel\"}\n\n", "data: {\"content\":\"lo\"}\n\n", "data: [DONE]\n\n",
                "data: {\"content\":\"after done is ignored\"}\n\n"), "Hello"))
                .containsExactly("status", "message:Hel", "message:lo", "done");
    }

    @Test
    void sseWithEveryTextShapeCommentsEventsCrlfAndMultiLineData() throws Exception {
        assertThat(relay(chunked("text/event-stream; charset=utf-8",
                ": a comment\r\n\r\n",
                "event: message\r\nid: 7\r\ndata: {\"text\":\"a\"}\r\n\r\n",
                "data: {\"output\":\"b\"}\n\ndata: {\"delta\":\"c\"}\n\n",
                "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n",
                "data: {\"choices\":[{\"delta\":{\"content\":\"d\"}}]}\n\n",
                "data: plain\ndata: text\n\n",
                "data:e\r\rdata: [DONE]\n\n"), "abcdplain\ntexte"))
                .containsExactly("status", "message:a", "message:b", "message:c", "message:d", "message:plain\ntext",
                        "message:e", "done");
    }

    @Test
    void oneJsonBodyWithOutputLikeTheAiAgentNode() throws Exception {
        assertThat(relay((request, response) -> response.full(200, "application/json", "{\"output\":\"Hi there\"}"), "Hi there"))
                .containsExactly("status", "message:Hi there", "done");
    }

    @Test
    void oneJsonBodyWithContentTextOrMessage() throws Exception {
        assertThat(relay((request, response) -> response.full(200, "application/json", "{\"content\":\"c\"}"), "c"))
                .containsExactly("status", "message:c", "done");
        assertThat(relay((request, response) -> response.full(200, "application/json", "{\"text\":\"t\"}"), "t"))
                .containsExactly("status", "message:t", "done");
        assertThat(relay((request, response) -> response.full(200, "application/json", "{\"message\":\"m\"}"), "m"))
                .containsExactly("status", "message:m", "done");
    }

    @Test
    void prettyPrintedArrayOfEntries() throws Exception {
        String body = "[\n  {\n    \"output\": \"First\"\n  },\n  {\n    \"output\": \"Second\"\n  }\n]\n";
        assertThat(relay((request, response) -> response.full(200, "application/json", body), "First\n\nSecond"))
                .containsExactly("status", "message:First\n\nSecond", "done");
    }

    /**
     * PostgreSQL refuses U+0000 in jsonb: the relay replaces it (and unpaired surrogates) with U+FFFD before
     * relaying a piece, so the answer completes and the user saw exactly what is saved.
     */
    @Test
    void nulCharactersInAnAnswerAreRelayedAndSavedAsReplacementCharacters() throws Exception {
        assertThat(relay(chunked("application/json", "{\"type\":\"begin\"}\n",
                "{\"type\":\"item\",\"content\":\"a\\u0000b\"}\n", "{\"type\":\"item\",\"content\":\"\\ud83d!\"}\n",
                "{\"type\":\"end\"}\n"), "a\uFFFDb\uFFFD!"))
                .containsExactly("status", "message:a\uFFFDb", "message:\uFFFD!", "done");
        assertThat(relay(chunked("text/plain", "x\u0000y"), "x\uFFFDy"))
                .containsExactly("status", "message:x\uFFFDy", "done");
        assertThat(relay(chunked("text/event-stream", "data: {\"content\":\"\\u0000\"}\n\n", "data: [DONE]\n\n"), "\uFFFD"))
                .containsExactly("status", "message:\uFFFD", "done");
        assertThat(relay((request, response) -> response.full(200, "application/json", "{\"output\":\"nul\\u0000\"}"), "nul\uFFFD"))
                .containsExactly("status", "message:nul\uFFFD", "done");
    }

    @Test
    void plainTextIsTheAnswer() throws Exception {
        assertThat(relay(chunked("text/plain; charset=utf-8", "Hello, world \"quoted\"\n"), "Hello, world \"quoted\"\n"))
                .containsExactly("status", "message:Hello, world \"quoted\"\n", "done");
    }

    @Test
    void plainTextIsRelayedPieceByPieceWithoutBreakingCharacters() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        List<String> events = relay((request, response) -> {
            response.start(200, "text/plain");
            response.chunk("5 ");
            response.chunk(new byte[] {euro[0], euro[1]});
            response.chunk(new byte[] {euro[2]});
            response.chunk(" each");
            response.end();
        }, "5 € each");
        assertThat(events.get(0)).isEqualTo("status");
        assertThat(events.get(events.size() - 1)).isEqualTo("done");
        assertThat(String.join("", events.subList(1, events.size() - 1)).replace("message:", "")).isEqualTo("5 € each");
    }
}
