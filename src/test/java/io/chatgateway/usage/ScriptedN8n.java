package io.chatgateway.usage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.TestAccounts.Account;

/**
 * An n8n webhook for usage and quota tests (JDK HTTP server): answers every call with a fixed JSON body, with an
 * error status, or (holding) streams a first piece in n8n's streaming format and keeps the answer open until the
 * test releases it. Also makes the agents and chats that call it, through the API.
 */
public final class ScriptedN8n implements AutoCloseable {

    public static final String SYSTEM_PROMPT = "Be brief.";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Semaphore releases = new Semaphore(0);
    private final Semaphore heldCalls = new Semaphore(0);

    private ScriptedN8n(int status, String body, boolean holding) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                if (!holding) {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    return;
                }
                exchange.sendResponseHeaders(HttpURLConnection.HTTP_OK, 0);
                OutputStream out = exchange.getResponseBody();
                write(out, "{\"type\":\"begin\",\"metadata\":{}}\n{\"type\":\"item\",\"content\":\"" + body + "\"}\n");
                heldCalls.release();
                if (releases.tryAcquire(60, TimeUnit.SECONDS)) {
                    write(out, "{\"type\":\"item\",\"content\":\" done\"}\n{\"type\":\"end\"}\n");
                }
            } catch (IOException | InterruptedException cutByTheGateway) {
                // a stopped answer: the gateway closed the connection
            }
        });
        server.start();
    }

    /** Answers every call at once with this JSON body (status 200). */
    public static ScriptedN8n answering(String jsonBody) throws IOException {
        return new ScriptedN8n(200, jsonBody, false);
    }

    /** Answers every call with this status and body. */
    public static ScriptedN8n failing(int status, String jsonBody) throws IOException {
        return new ScriptedN8n(status, jsonBody, false);
    }

    /** Streams {@code firstPiece}, then holds the answer open until {@link #release} (then " done" and the end). */
    public static ScriptedN8n holding(String firstPiece) throws IOException {
        return new ScriptedN8n(200, firstPiece, true);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook/agent";
    }

    /** Lets one held answer end. */
    public void release() {
        releases.release();
    }

    /** Waits until this many calls (in all) have streamed their first piece and are held. */
    public void awaitHeld(int calls) throws InterruptedException {
        if (!heldCalls.tryAcquire(calls, 30, TimeUnit.SECONDS)) {
            throw new AssertionError("n8n was not called " + calls + " times");
        }
        heldCalls.release(calls);
    }

    /** An agent of the admin's team calling this n8n, with {@link #SYSTEM_PROMPT}. */
    public UUID agent(Account admin, String name) {
        ApiClient.Response agent = admin.client().post("/api/agents",
                Map.of("name", name, "webhook_url", url(), "system_prompt", SYSTEM_PROMPT));
        if (agent.status() != 201) {
            throw new AssertionError(agent.toString());
        }
        return UUID.fromString(agent.json().get("id").asText());
    }

    /** A chat of the account with the agent. */
    public static UUID chat(Account owner, UUID agentId) {
        ApiClient.Response chat = owner.client().post("/api/chats", Map.of("agent_id", agentId.toString()));
        if (chat.status() != 201) {
            throw new AssertionError(chat.toString());
        }
        return UUID.fromString(chat.json().get("id").asText());
    }

    /** A send for the JSON answer (the response comes when the answer is saved). */
    public static ApiClient.Response sendForJson(Account user, int port, UUID chatId, String content) {
        return turnForJson(user, port, chatId, "{\"content\":\"" + content + "\"}");
    }

    /** Any turn (a send, {@code {"regenerate":true}}, an edit) for the JSON answer. */
    public static ApiClient.Response turnForJson(Account user, int port, UUID chatId, String jsonBody) {
        ApiClient client = new ApiClient(port).withToken(user.client().token());
        return client.send(client.request("/api/chats/" + chatId + "/messages")
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** A streaming send: the response as soon as its head arrives (200 with SSE, or a refusal). */
    public static HttpResponse<InputStream> sendStreaming(Account user, int port, UUID chatId, String content)
            throws IOException, InterruptedException {
        HttpRequest request = new ApiClient(port).withToken(user.client().token()).request("/api/chats/" + chatId + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}")).build();
        return ApiClient.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads an SSE response to its end; returns its text. */
    public static String readToEnd(HttpResponse<InputStream> response) throws IOException {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        releases.release(1000);
        server.stop(0);
        threads.shutdownNow();
    }
}
