package io.chatgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@GatewayTest
class ChatApiTest extends ApiTestBase {

    Account admin;
    Account user;
    String agentId;

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
        user = accounts.newMember(admin, "user");
        agentId = newAgent("helper");
    }

    String newAgent(String name) {
        ApiClient.Response agent = admin.client().post("/api/agents",
                Map.of("name", name, "webhook_url", "https://n8n.example.com/webhook/" + name));
        assertThat(agent.status()).as(agent.toString()).isEqualTo(201);
        return agent.json().get("id").asText();
    }

    String newChat(Account owner, String title) {
        ApiClient.Response chat = owner.client().post("/api/chats", Map.of("agent_id", agentId, "title", title));
        assertThat(chat.status()).as(chat.toString()).isEqualTo(201);
        return chat.json().get("id").asText();
    }

    @Test
    void createReadUpdateDeleteArePersisted() {
        ApiClient.Response created = user.client().post("/api/chats", Map.of("agent_id", agentId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).contains("/api/chats/" + id);
        assertThat(created.json().get("title").asText()).isEqualTo("New chat");
        assertThat(created.json().get("message_count").asInt()).isZero();
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT team_id, user_id, agent_id, title, messages::text AS messages FROM chats WHERE id = ?::uuid", id);
        assertThat(row.get("team_id")).isEqualTo(user.teamId());
        assertThat(row.get("user_id")).isEqualTo(user.userId());
        assertThat(row.get("agent_id").toString()).isEqualTo(agentId);
        assertThat(row.get("messages")).isEqualTo("[]");

        String otherAgent = newAgent("other");
        ApiClient.Response updated = user.client().put("/api/chats/" + id, Map.of("title", "  Trip planning ", "agent_id", otherAgent));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("title").asText()).isEqualTo("Trip planning");
        assertThat(jdbc.queryForMap("SELECT title, agent_id FROM chats WHERE id = ?::uuid", id))
                .containsEntry("title", "Trip planning").containsEntry("agent_id", UUID.fromString(otherAgent));

        ApiClient.Response renamedOnly = user.client().put("/api/chats/" + id, Map.of("title", "Again"));
        assertThat(renamedOnly.json().get("agent_id").asText()).isEqualTo(otherAgent);

        assertThat(user.client().delete("/api/chats/" + id).status()).isEqualTo(204);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE id = ?::uuid", Integer.class, id)).isZero();
        assertThat(user.client().get("/api/chats/" + id).status()).isEqualTo(404);
        assertThat(user.client().delete("/api/chats/" + id).status()).isEqualTo(404);
    }

    @Test
    void getReturnsTheStoredMessages() {
        String id = newChat(user, "With history");
        String messages = "[{\"id\":\"" + UUID.randomUUID() + "\",\"role\":\"user\",\"content\":\"Hi\",\"timestamp\":\"2026-01-01T10:00:00Z\"},"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"role\":\"assistant\",\"content\":\"Hello!\",\"timestamp\":\"2026-01-01T10:00:01Z\",\"status\":\"complete\"}]";
        jdbc.update("UPDATE chats SET messages = ?::jsonb, message_count = 2 WHERE id = ?::uuid", messages, id);

        JsonNode chat = user.client().get("/api/chats/" + id).json();

        assertThat(chat.get("title").asText()).isEqualTo("With history");
        assertThat(chat.get("agent_id").asText()).isEqualTo(agentId);
        assertThat(chat.get("agent_deleted").asBoolean()).isFalse();
        assertThat(chat.get("message_count").asInt()).isEqualTo(2);
        assertThat(chat.get("messages")).hasSize(2);
        assertThat(chat.get("messages").get(1).get("status").asText()).isEqualTo("complete");
        assertThat(chat.get("messages").get(0).get("content").asText()).isEqualTo("Hi");
    }

    @Test
    void chatsOfADeletedAgentStayReadable() {
        String id = newChat(user, "Keep me");
        assertThat(admin.client().delete("/api/agents/" + agentId).status()).isEqualTo(204);

        ApiClient.Response chat = user.client().get("/api/chats/" + id);
        assertThat(chat.status()).isEqualTo(200);
        assertThat(chat.json().get("agent_id").asText()).isEqualTo(agentId);
        assertThat(chat.json().get("agent_deleted").asBoolean()).isTrue();
        assertThat(user.client().get("/api/chats").json().findValuesAsText("id")).contains(id);
        // but no new chat with it, and no moving a chat to it
        assertThat(user.client().post("/api/chats", Map.of("agent_id", agentId)).status()).isEqualTo(404);
        String other = newAgent("alive");
        String movable = user.client().post("/api/chats", Map.of("agent_id", other)).json().get("id").asText();
        assertThat(user.client().put("/api/chats/" + movable, Map.of("agent_id", agentId)).status()).isEqualTo(404);
    }

    @Test
    void inactiveOrUnknownAgentsCannotStartChats() {
        String inactive = newAgent("resting");
        admin.client().put("/api/agents/" + inactive, Map.of("is_active", false));
        assertThat(user.client().post("/api/chats", Map.of("agent_id", inactive)).status()).isEqualTo(404);
        assertThat(user.client().post("/api/chats", Map.of("agent_id", UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE user_id = ?", Integer.class, user.userId())).isZero();
    }

    @Test
    void listIsTheCallersChatsNewestFirstWithSummariesOnly() {
        String first = newChat(user, "first");
        String second = newChat(user, "second");
        String third = newChat(user, "third");
        newChat(admin, "someone else's");
        jdbc.update("UPDATE chats SET message_count = 7, messages = '[1,2,3]'::jsonb WHERE id = ?::uuid", second);
        jdbc.update("UPDATE chats SET updated_at = now() + interval '1 minute' WHERE id = ?::uuid", first);

        ApiClient.Response list = user.client().get("/api/chats");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("id")).containsExactly(first, third, second);
        JsonNode summary = list.json().get(2);
        assertThat(summary.get("message_count").asInt()).isEqualTo(7);
        assertThat(summary.has("messages")).isFalse();
        List<String> fields = new ArrayList<>();
        summary.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "title", "agent_id", "message_count", "created_at", "updated_at");

        String otherAgent = newAgent("filtered");
        String filtered = user.client().post("/api/chats", Map.of("agent_id", otherAgent)).json().get("id").asText();
        assertThat(user.client().get("/api/chats?agent_id=" + otherAgent).json().findValuesAsText("id")).containsExactly(filtered);
    }

    @Test
    void listedTimesAreTheStoredOnesAsTheChatShowsThem() {
        String created = newChat(user, "times");
        JsonNode made = user.client().get("/api/chats/" + created).json();
        JsonNode first = user.client().get("/api/chats").json().get(0);
        assertThat(first.get("created_at")).isEqualTo(made.get("created_at"));
        assertThat(first.get("updated_at")).isEqualTo(made.get("updated_at"));
        // microseconds are cut to milliseconds (not rounded); times before 1970 too
        jdbc.update("UPDATE chats SET created_at = '1969-12-31 23:59:59.999999+00', updated_at = '2026-01-02 03:04:05.678999+00' "
                + "WHERE id = ?::uuid", created);
        JsonNode listed = user.client().get("/api/chats").json().get(0);
        assertThat(listed.get("created_at").asText()).isEqualTo("1969-12-31T23:59:59.999+00:00");
        assertThat(listed.get("updated_at").asText()).isEqualTo("2026-01-02T03:04:05.678+00:00");
        assertThat(user.client().get("/api/chats/" + created).json().get("updated_at").asText()).isEqualTo("2026-01-02T03:04:05.678+00:00");
    }

    @Test
    void paginationHasBoundsAndPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, newChat(user, "chat " + i));
            jdbc.update("UPDATE chats SET updated_at = now() + (? * interval '1 second') WHERE id = ?::uuid", i, ids.get(0));
        }
        assertThat(user.client().get("/api/chats?limit=2").json().findValuesAsText("id")).isEqualTo(ids.subList(0, 2));
        assertThat(user.client().get("/api/chats?limit=2&offset=2").json().findValuesAsText("id")).isEqualTo(ids.subList(2, 4));
        assertThat(user.client().get("/api/chats?limit=2&offset=4").json().findValuesAsText("id")).isEqualTo(ids.subList(4, 5));
        assertThat(user.client().get("/api/chats?offset=5").json()).isEmpty();
        assertThat(user.client().get("/api/chats?limit=100").json()).hasSize(5);
        assertThat(user.client().get("/api/chats?limit=1").json()).hasSize(1);

        for (String query : List.of("limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1.5", "offset=-1", "offset=x",
                "agent_id=not-a-uuid")) {
            ApiClient.Response refused = user.client().get("/api/chats?" + query);
            assertThat(refused.status()).as(query).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).as(query).isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void defaultPageIsFifty() {
        for (int i = 0; i < 51; i++) {
            jdbc.update("INSERT INTO chats (team_id, user_id, agent_id) VALUES (?, ?, ?::uuid)", user.teamId(), user.userId(), agentId);
        }
        assertThat(user.client().get("/api/chats").json()).hasSize(50);
        assertThat(user.client().get("/api/chats?offset=50").json()).hasSize(1);
    }

    @Test
    void invalidFieldsAndBodies() {
        String id = newChat(user, "target");
        assertInvalid(user.client().post("/api/chats", Map.of()), "agent_id");
        assertInvalid(user.client().post("/api/chats", Map.of("agent_id", "nope")), "agent_id");
        assertInvalid(user.client().post("/api/chats", Map.of("agent_id", agentId, "title", "")), "title");
        assertInvalid(user.client().post("/api/chats", Map.of("agent_id", agentId, "title", "t".repeat(201))), "title");
        assertInvalid(user.client().put("/api/chats/" + id, Map.of("title", 5)), "title");
        assertInvalid(user.client().put("/api/chats/" + id, Map.of("agent_id", "x")), "agent_id");

        for (String[] call : new String[][] {{"POST", "/api/chats"}, {"PUT", "/api/chats/" + id}}) {
            assertThat(user.client().raw(call[0], call[1], "application/json", "{".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
            assertThat(user.client().raw(call[0], call[1], "application/json", "\"text\"".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
            assertThat(user.client().raw(call[0], call[1], "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
            byte[] huge = ("{\"title\":\"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(user.client().raw(call[0], call[1], "application/json", huge).status()).isEqualTo(413);
        }
        assertThat(jdbc.queryForObject("SELECT title FROM chats WHERE id = ?::uuid", String.class, id)).isEqualTo("target");
    }

    private static void assertInvalid(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    }

    @Test
    void malformedIdsInThePathAreNotFound() {
        for (String bad : List.of("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000z")) {
            assertThat(user.client().get("/api/chats/" + bad).status()).as(bad).isEqualTo(404);
            assertThat(user.client().put("/api/chats/" + bad, Map.of("title", "x")).status()).as(bad).isEqualTo(404);
            assertThat(user.client().delete("/api/chats/" + bad).status()).as(bad).isEqualTo(404);
        }
        Map<String, Object> nullTitle = new HashMap<>();
        nullTitle.put("title", null);
        String id = newChat(user, "kept");
        assertThat(user.client().put("/api/chats/" + id, nullTitle).json().get("title").asText()).isEqualTo("kept");
    }
}
