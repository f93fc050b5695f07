package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/**
 * An open stream keeps no Jackson buffers of its own (system/JsonBuffers). Each request parses JSON on its own
 * virtual thread (its body, and its token the first time it is seen); with Jackson's default per-thread buffers,
 * every open stream held a set of about 25 KB for as long as it lasted. Counted in this JVM's live heap, which
 * holds the gateway: streams of first-time tokens held open, against the same moment without them.
 */
@GatewayTest
class OpenStreamJsonBuffersTest extends ApiTestBase {

    private static final int STREAMS = 16;
    private static final String RECYCLER = "com.fasterxml.jackson.core.util.BufferRecycler";

    @Test
    void streamsHeldOpenHoldNoJacksonBuffers() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "per-thread buffers are bounded by the thread pool before Java 21");
        RelayFixtures fixtures = new RelayFixtures(jdbc);
        CountDownLatch release = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"item\",\"content\":\"Still \"}\n");
            release.await(30, TimeUnit.SECONDS);
            response.chunk("{\"type\":\"item\",\"content\":\"here\"}\n{\"type\":\"end\"}\n");
            response.end();
        })) {
            List<Account> users = new ArrayList<>();
            List<UUID> chats = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                Account user = accounts.newTeamAdmin(); // a token the gateway has not verified yet
                users.add(user);
                chats.add(fixtures.chat(user, n8n.url()));
            }
            long before = liveInstances(RECYCLER);

            List<BufferedReader> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                HttpRequest send = users.get(i).client().request("/api/chats/" + chats.get(i) + "/messages")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hold\"}")).build();
                streams.add(new BufferedReader(new InputStreamReader(
                        ApiClient.http().send(send, HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader events : streams) {
                String line;
                do {
                    line = events.readLine();
                } while (line != null && !line.contains("Still"));
                assertThat(line).as("every stream is open and relaying").isNotNull();
            }
            long during = liveInstances(RECYCLER);
            release.countDown();
            for (BufferedReader events : streams) {
                while (events.readLine() != null) {
                    // to the end: the answers complete
                }
            }

            assertThat(during - before).as("Jackson buffer sets held by %d open streams", STREAMS).isLessThan(STREAMS / 4);
            for (UUID chat : chats) {
                assertThat(fixtures.messages(chat)).extracting(m -> m.get("content").asText()).containsExactly("hold", "Still here");
            }
        }
    }

    /** Live instances of a class in this JVM (a full GC first), as {@code jcmd GC.class_histogram} counts them. */
    private static long liveInstances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
