package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * Tomcat's trimmed per-connection buffers (4 KB socket and response buffers, 1 KB for trailer fields) change no
 * request or response: bodies many times their size pass whole in both directions, also a chunked request body, and
 * trailer fields beyond the limit are a clear 400.
 */
@GatewayTest
class TomcatConnectionBuffersTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ServletWebServerApplicationContext server;

    @Test
    void aChunkedRequestBodyAndAResponseManyTimesTheBufferSizePassWhole() throws Exception {
        Account admin = accounts.newTeamAdmin();
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; prompt.length() < 19_000; i++) {
            prompt.append("Rule ").append(i).append(": answer kindly, in the user's language. ");
        }
        byte[] body = JSON.writeValueAsBytes(java.util.Map.of("name", "long prompt",
                "webhook_url", "https://n8n.example.com/webhook/long", "system_prompt", prompt.toString()));
        // no length given: HttpClient sends the body chunked
        HttpRequest create = admin.client().request("/api/agents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> created = ApiClient.http().send(create, HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        ApiClient.Response read = admin.client().get("/api/agents/" + JSON.readTree(created.body()).get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().length()).isGreaterThan(19_000);
        assertThat(read.json().get("system_prompt").asText()).isEqualTo(prompt.toString());
    }

    @Test
    void theServedConnectorsResponsesHaveTheSmallerBuffer() {
        // a response's buffer is not visible on the wire (Camel streams bodies chunked whatever their size), so this
        // one looks at the running server: its connector's protocol, and the buffer a response gets from it
        Connector connector = ((TomcatWebServer) server.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProtocolHandler()).isInstanceOf(SmallBufferHttp11NioProtocol.class);
        assertThat(connector.createResponse().getBufferSize()).isEqualTo(SmallBufferHttp11NioProtocol.RESPONSE_BUFFER_SIZE);
    }

    @Test
    void trailerFieldsBeyondTheLimitAreA400() throws Exception {
        String trailer = "X-Checksum: " + "a".repeat(TomcatConnectionBuffers.MAX_TRAILER_SIZE) + "\r\n";
        String login = "{\"email\":\"nobody@example.com\",\"password\":\"wrong-password\"}";
        String request = "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(login.length()) + "\r\n" + login + "\r\n0\r\n" + trailer + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            // the body is chunked: its one chunk is the JSON error
            JsonNode error = JSON.readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
            assertThat(error.get("detail").asText()).isEqualTo("Bad Request");
        }
    }
}
