package io.chatgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.team.BootstrapAdmin;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

@GatewayTest
class DemoAgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void streamsTheAnswerAsNdjsonOneWordAtATime() throws Exception {
        String question = IntStream.rangeClosed(1, 40).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        String body = JSON.writeValueAsString(Map.of("messages", List.of(
                Map.of("role", "user", "content", "an earlier question"),
                Map.of("role", "assistant", "content", "an earlier answer"),
                Map.of("role", "user", "content", question)), "session_id", "s1"));
        // no session cookie: the relay calls the webhook like any n8n instance, without credentials
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + DemoAgentSeeder.WEBHOOK_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<Stream<String>> response = ApiClient.http().send(request, HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        MediaType contentType = MediaType.parseMediaType(response.headers().firstValue("Content-Type").orElseThrow());
        assertThat(contentType.isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        assertThat(contentType.getCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        Iterator<String> lines = response.body().iterator();
        JsonNode begin = JSON.readTree(lines.next());
        JsonNode firstItem = JSON.readTree(lines.next());
        // the first word reached us while the route is still writing the other words: nothing is buffered
        assertThat(camel.getInflightRepository().size("demo-n8n-webhook")).isEqualTo(1);

        List<JsonNode> rest = new ArrayList<>();
        lines.forEachRemaining(line -> rest.add(read(line)));
        assertThat(begin.get("type").asText()).isEqualTo("begin");
        assertThat(begin.get("metadata").get("nodeName").asText()).isEqualTo("Demo Agent");
        assertThat(firstItem.get("type").asText()).isEqualTo("item");
        JsonNode end = rest.remove(rest.size() - 1);
        assertThat(end.get("type").asText()).isEqualTo("end");
        assertThat(rest).allSatisfy(item -> assertThat(item.get("type").asText()).isEqualTo("item"));
        String answer = firstItem.get("content").asText()
                + rest.stream().map(item -> item.get("content").asText()).collect(Collectors.joining());
        assertThat(answer).isEqualTo(DemoAgentStream.answerTo(question)).contains(question)
                .doesNotContain("an earlier question");
        assertThat(rest).hasSizeGreaterThan(40);
    }

    @Test
    void answersAGreetingWhenThereIsNoUserMessage() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + DemoAgentSeeder.WEBHOOK_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<Stream<String>> response = ApiClient.http().send(request, HttpResponse.BodyHandlers.ofLines());

        String answer = response.body().map(DemoAgentTest::read).filter(line -> line.has("content"))
                .map(line -> line.get("content").asText()).collect(Collectors.joining());
        assertThat(answer).startsWith("Hello from the built-in demo agent!");
    }

    @Test
    void theDemoTeamGetsTheDemoAgentOnFirstStart() {
        List<Map<String, Object>> agents = jdbc.queryForList("""
                SELECT a.name, a.webhook_url, a.is_active FROM agents a
                JOIN users u ON u.team_id = a.team_id AND u.email = ?""", BootstrapAdmin.DEMO_EMAIL);

        assertThat(agents).singleElement().satisfies(agent -> {
            assertThat(agent.get("name")).isEqualTo("Demo agent");
            assertThat(agent.get("webhook_url")).isEqualTo("http://localhost:" + port + "/demo/n8n/webhook");
            assertThat(agent.get("is_active")).isEqualTo(true);
        });
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("Not a JSON line: " + line, e);
        }
    }
}
