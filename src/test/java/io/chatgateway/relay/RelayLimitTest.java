package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The per-replica limit of running answers (issue 16 item 0): a send beyond it is refused with 503 and
 * Retry-After before anything is saved; the running stream, readiness and later sends are unaffected. And the
 * replica's budget for their text: a piece beyond it ends its answer "overloaded" with the text so far saved.
 */
@GatewayTest
class RelayLimitTest extends ApiTestBase {

    @Autowired
    RunningGenerations runningGenerations;

    RelayFixtures fixtures;
    int configuredLimit;
    long configuredTextBudget;

    @BeforeEach
    void setUp() {
        fixtures = new RelayFixtures(jdbc);
        configuredLimit = runningGenerations.limit();
        configuredTextBudget = runningGenerations.textBudget();
        runningGenerations.limit(1);
    }

    @AfterEach
    void restoreLimit() {
        runningGenerations.limit(configuredLimit);
        runningGenerations.textBudget(configuredTextBudget);
    }

    @Test
    void aSendBeyondTheLimitIsRefusedBeforeItIsSavedAndTheRunningStreamGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (N8nStub n8n = stillHere(release)) {
            Account user = accounts.newTeamAdmin();
            UUID running = fixtures.chat(user, n8n.url());
            UUID refused = fixtures.chat(user, n8n.url());

            StringBuilder raw = new StringBuilder();
            BufferedReader events = holdOpen(user, running, "Still", raw);

            ApiClient.Response busy = user.client().post("/api/chats/" + refused + "/messages", Map.of("content", "Hi"));
            ApiClient.Response busyJson = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + refused + "/messages", Map.of("content", "Hi"));

            for (ApiClient.Response response : new ApiClient.Response[] {busy, busyJson}) {
                assertThat(response.status()).as(response.toString()).isEqualTo(503);
                assertThat(response.header("Retry-After")).hasValue("5");
                assertThat(response.json().get("detail").asText()).contains("send the message again");
            }
            assertThat(fixtures.messages(refused)).as("nothing of a refused send is saved").isEmpty();

            // refused at the door (AdmissionGate), before authentication or any route: also the OpenAI API
            ApiClient.Response anonymous = accounts.anonymous().post("/api/chats/" + refused + "/messages", Map.of("content", "Hi"));
            assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(503);
            assertThat(anonymous.header("Retry-After")).hasValue("5");
            ApiClient.Response completion = accounts.anonymous().post("/v1/chat/completions",
                    Map.of("model", "any", "messages", java.util.List.of(Map.of("role", "user", "content", "Hi"))));
            assertThat(completion.status()).as(completion.toString()).isEqualTo(503);
            assertThat(completion.header("Retry-After")).hasValue("5");
            assertThat(completion.json().get("error").get("code").asText()).isEqualTo("service_unavailable");
            ApiClient.Response readiness = accounts.anonymous().get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().get("status").asText()).isEqualTo("UP");

            release.countDown();
            readRest(events, raw);
            assertThat(SseEvents.summary(SseEvents.parse(raw.toString()))).endsWith("message:here", "done");
            assertThat(fixtures.messages(running)).extracting(m -> m.get("content").asText()).containsExactly("hold", "Still here");

            // the place is free again (the client asks for JSON since busyJson)
            ApiClient.Response next = user.client().post("/api/chats/" + refused + "/messages", Map.of("content", "Hi"));
            assertThat(next.status()).as(next.toString()).isEqualTo(200);
            assertThat(next.json().get("content").asText()).isEqualTo("Still here");
        }
    }

    @Test
    void aPieceBeyondTheTextBudgetEndsItsAnswerOverloadedWithTheTextSoFarSavedAndSendsWaitMeanwhile() throws Exception {
        runningGenerations.limit(2);
        runningGenerations.textBudget(40); // 20 characters
        CountDownLatch release = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            if (!request.body().contains("hold")) {
                response.chunk("{\"type\":\"item\",\"content\":\"fine\"}\n{\"type\":\"end\"}\n");
                response.end();
                return;
            }
            response.chunk("{\"type\":\"item\",\"content\":\"0123456789\"}\n{\"type\":\"item\",\"content\":\"abcdefghij\"}\n");
            release.await(30, TimeUnit.SECONDS);
            response.chunk("{\"type\":\"item\",\"content\":\"more\"}\n{\"type\":\"end\"}\n");
            response.end();
        })) {
            Account user = accounts.newTeamAdmin();
            UUID full = fixtures.chat(user, n8n.url());
            UUID other = fixtures.chat(user, n8n.url());

            StringBuilder raw = new StringBuilder();
            BufferedReader events = holdOpen(user, full, "abcdefghij", raw);

            ApiClient.Response refused = user.client().post("/api/chats/" + other + "/messages", Map.of("content", "Hi"));
            assertThat(refused.status()).as("the text budget is spent: " + refused).isEqualTo(503);
            assertThat(refused.header("Retry-After")).hasValue("5");
            assertThat(fixtures.messages(other)).isEmpty();

            release.countDown();
            readRest(events, raw);
            assertThat(SseEvents.summary(SseEvents.parse(raw.toString())))
                    .containsExactly("status", "message:0123456789", "message:abcdefghij", "error:overloaded");
            var answer = fixtures.messages(full).get(1);
            assertThat(answer.get("content").asText()).isEqualTo("0123456789abcdefghij");
            assertThat(answer.get("status").asText()).isEqualTo("error");
            assertThat(answer.get("error").asText()).contains("no memory left");

            // the ended answer gave its text back
            ApiClient.Response next = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + other + "/messages", Map.of("content", "Hi"));
            assertThat(next.status()).as(next.toString()).isEqualTo(200);
            assertThat(next.json().get("content").asText()).isEqualTo("fine");
        }
    }

    @Test
    void clientsAttachedToARunningAnswerShareTheLimitWithSends() throws Exception {
        runningGenerations.limit(2);
        CountDownLatch release = new CountDownLatch(1);
        try (N8nStub n8n = stillHere(release)) {
            Account user = accounts.newTeamAdmin();
            UUID running = fixtures.chat(user, n8n.url());
            UUID other = fixtures.chat(user, n8n.url());

            StringBuilder raw = new StringBuilder();
            BufferedReader sent = holdOpen(user, running, "Still", raw);
            // the second place: a reloaded page attaches to the running answer
            StringBuilder rawAttached = new StringBuilder();
            BufferedReader attached = read(user.client().request("/api/chats/" + running + "/stream").GET().build(),
                    "\"sync\"", rawAttached);

            ApiClient.Response send = user.client().post("/api/chats/" + other + "/messages", Map.of("content", "Hi"));
            assertThat(send.status()).as("an attached client holds a place: " + send).isEqualTo(503);
            assertThat(fixtures.messages(other)).isEmpty();
            // a second attach is refused at once (with a timeout, so that a stream held open fails the test, not hangs it)
            HttpResponse<String> refused = ApiClient.http().send(user.client().request("/api/chats/" + running + "/stream")
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body()).contains("attach again in a few seconds");

            release.countDown();
            readRest(sent, raw);
            readRest(attached, rawAttached);
            assertThat(SseEvents.summary(SseEvents.parse(raw.toString()))).endsWith("message:here", "done");
            assertThat(SseEvents.summary(SseEvents.parse(rawAttached.toString()))).endsWith("message:here", "done");

            // both places are given back when their streams end
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (runningGenerations.openStreams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(runningGenerations.openStreams()).isZero();
        }
    }

    /** n8n answering "Still " and then "here"; to a message "hold" only once {@code release} is counted down. */
    private static N8nStub stillHere(CountDownLatch release) throws java.io.IOException {
        return new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Still \"}\n");
            if (request.body().contains("hold")) {
                release.await(30, TimeUnit.SECONDS);
            }
            response.chunk("{\"type\":\"item\",\"content\":\"here\"}\n{\"type\":\"end\"}\n");
            response.end();
        });
    }

    /** Reads the stream's remaining lines into raw, to its end. */
    private static void readRest(BufferedReader events, StringBuilder raw) throws java.io.IOException {
        for (String line = events.readLine(); line != null; line = events.readLine()) {
            raw.append(line).append('\n');
        }
    }

    /** Sends "hold" to the chat and reads its events (into raw) until one contains the text. */
    private static BufferedReader holdOpen(Account user, UUID chat, String until, StringBuilder raw) throws Exception {
        HttpRequest hold = user.client().request("/api/chats/" + chat + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hold\"}")).build();
        return read(hold, until, raw);
    }

    /** Sends the request and reads its SSE lines (into raw) until one contains the text. */
    private static BufferedReader read(HttpRequest request, String until, StringBuilder raw) throws Exception {
        HttpResponse<InputStream> stream = ApiClient.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        String line;
        do {
            line = events.readLine();
            raw.append(line).append('\n');
        } while (!line.contains(until));
        return events;
    }
}
