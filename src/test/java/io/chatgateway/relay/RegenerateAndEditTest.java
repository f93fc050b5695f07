package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/**
 * Regenerate and edit: n8n gets the conversation exactly as the user now sees it, the chat shows it, and the earlier
 * versions stay readable with ?include=superseded.
 */
@GatewayTest
class RegenerateAndEditTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** n8n answers "<n>: <last user message>" and remembers the conversation it was sent. */
    private final List<List<String>> conversationsSent = new ArrayList<>();

    private N8nStub countingN8n() throws Exception {
        return new N8nStub((request, response) -> {
            List<String> conversation = new ArrayList<>();
            JSON.readTree(request.body()).get("messages")
                    .forEach(message -> conversation.add(message.get("role").asText() + ":" + message.get("content").asText()));
            int call;
            synchronized (conversationsSent) {
                conversationsSent.add(conversation);
                call = conversationsSent.size();
            }
            String last = conversation.get(conversation.size() - 1);
            response.full(200, "application/json", JSON.writeValueAsString(Map.of("output", call + ": " + last.substring(5))));
        });
    }

    private static List<String> summary(JsonNode messages) {
        List<String> summary = new ArrayList<>();
        messages.forEach(message -> summary.add(message.get("role").asText() + ":" + message.get("content").asText()));
        return summary;
    }

    @Test
    void regenerateAnswersTheLastMessageAgainAndEditReplacesAMessageAndWhatFollowed() throws Exception {
        try (N8nStub n8n = countingN8n()) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = new RelayFixtures(jdbc).chat(user, n8n.url());
            ApiClient client = user.client();
            String path = "/api/chats/" + chatId + "/messages";

            assertThat(client.post(path, Map.of("content", "Q1")).status()).isEqualTo(200);
            assertThat(client.post(path, Map.of("content", "Q2")).status()).isEqualTo(200);
            assertThat(client.post(path, Map.of("regenerate", true)).status()).isEqualTo(200);
            assertThat(conversationsSent.get(2)).as("n8n's conversation for the regeneration")
                    .containsExactly("user:Q1", "assistant:1: Q1", "user:Q2");
            JsonNode chat = client.get("/api/chats/" + chatId).json();
            assertThat(summary(chat.get("messages"))).containsExactly("user:Q1", "assistant:1: Q1", "user:Q2", "assistant:3: Q2");
            assertThat(chat.get("message_count").asInt()).isEqualTo(4);
            assertThat(chat.has("superseded")).as("only on request").isFalse();

            String q1 = chat.get("messages").get(0).get("id").asText();
            ApiClient.Response edited = client.post(path, Map.of("edit_message_id", q1, "content", "Q1 again"));
            assertThat(edited.status()).isEqualTo(200);
            assertThat(conversationsSent.get(3)).containsExactly("user:Q1 again");
            chat = client.get("/api/chats/" + chatId + "?include=superseded").json();
            assertThat(summary(chat.get("messages"))).containsExactly("user:Q1 again", "assistant:4: Q1 again");
            assertThat(chat.get("message_count").asInt()).isEqualTo(2);
            assertThat(summary(chat.get("superseded")))
                    .containsExactly("assistant:2: Q2", "user:Q1", "assistant:1: Q1", "user:Q2", "assistant:3: Q2");
            assertThat(chat.get("superseded").get(0).get("superseded_by").asText()).isEqualTo("regenerate");
            assertThat(chat.get("superseded").get(1).get("superseded_by").asText()).isEqualTo("edit");
        }
    }

    @Test
    void nothingToRegenerateOrEditIsAClearRefusal() throws Exception {
        try (N8nStub n8n = countingN8n()) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = new RelayFixtures(jdbc).chat(user, n8n.url());
            String path = "/api/chats/" + chatId + "/messages";
            ApiClient client = user.client();

            assertThat(client.post(path, Map.of("regenerate", true)).status()).as("empty chat").isEqualTo(409);
            assertThat(client.post(path, Map.of("edit_message_id", UUID.randomUUID().toString(), "content", "x")).status())
                    .isEqualTo(404);
            ApiClient.Response both = client.post(path, Map.of("regenerate", true, "content", "x"));
            assertThat(both.status()).isEqualTo(422);
            assertThat(both.json().get("errors").get(0).get("field").asText()).isEqualTo("regenerate");
            assertThat(client.post(path, Map.of("edit_message_id", "not-a-uuid", "content", "x")).status()).isEqualTo(422);
            assertThat(conversationsSent).as("n8n was never called").isEmpty();
            assertThat(new RelayFixtures(jdbc).messages(chatId)).isEmpty();
        }
    }
}
