package io.chatgateway.page;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An n8n webhook in "streaming" response mode (NDJSON begin / item / end) whose answer the test writes piece by
 * piece: the page can be looked at between two pieces, while the agent withholds the rest.
 */
final class ScriptedAgent implements AutoCloseable {

    interface Script {
        void answer(Answer answer) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile Script script = answer -> answer.items("Hello!");

    ScriptedAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/webhook/agent", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook/agent";
    }

    /** How the next calls are answered. */
    ScriptedAgent answering(Script next) {
        this.script = next;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        try (exchange) {
            script.answer(new Answer(exchange));
        } catch (Exception e) {
            // the gateway hung up, or the test ended
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** One call's answer. */
    static final class Answer {

        private final HttpExchange exchange;
        private OutputStream body;

        Answer(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Streams the pieces as NDJSON items, each flushed on its own. */
        Answer items(String... pieces) throws IOException {
            if (body == null) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                body = exchange.getResponseBody();
                line("{\"type\":\"begin\",\"metadata\":{}}");
            }
            for (String piece : pieces) {
                line("{\"type\":\"item\",\"content\":" + JSON.writeValueAsString(piece) + "}");
            }
            return this;
        }

        void end() throws IOException {
            line("{\"type\":\"end\",\"metadata\":{}}");
            body.close();
        }

        /** A whole non-2xx answer. */
        void fail(int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        private void line(String json) throws IOException {
            body.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            body.flush();
        }
    }

    /** Lets the script go on one step at a time, when the test says so. */
    static final class Steps {

        private final BlockingQueue<Boolean> permits = new LinkedBlockingQueue<>();

        void allow() {
            permits.add(Boolean.TRUE);
        }

        /** Waits for the test's permission (a test that fails stops giving it: the answer then ends early). */
        boolean await() throws InterruptedException {
            return permits.poll(30, TimeUnit.SECONDS) != null;
        }
    }
}
