package io.chatgateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.usage.ScriptedN8n;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The concurrent-generations quota holds for the team across replicas: the suite's instance (A) and another (B) on
 * one PostgreSQL, n8n holding answers open. A refused start is 429 with Retry-After and saves nothing.
 */
@GatewayTest
@MultiInstanceTest
class ConcurrentGenerationsAcrossReplicasTest extends ApiTestBase {

    static ExtraInstance replicaB;

    @Autowired
    DataSource dataSource;

    @AfterAll
    static void stopReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @BeforeEach
    void startReplica() {
        if (replicaB == null) {
            replicaB = ExtraInstance.development("quota-replica-b").start();
        }
    }

    private static void limit(Account admin, int running) {
        ApiClient.Response set = admin.client().put("/api/team", Map.of("quotas", Map.of("max_concurrent_generations", running)));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private int messages(UUID chatId) {
        return jdbc.queryForObject("SELECT message_count FROM chats WHERE id = ?", Integer.class, chatId);
    }

    private long running(Account admin) {
        return jdbc.queryForObject("SELECT count(*) FROM generations WHERE team_id = ? AND status = 'running'",
                Long.class, admin.teamId());
    }

    @Test
    void withTwoRunningOnTwoReplicasTheThirdIsRefusedUntilOneEnds() throws Exception {
        Account admin = accounts.newTeamAdmin();
        Account user = accounts.newMember(admin, "user");
        try (ScriptedN8n n8n = ScriptedN8n.holding("Working")) {
            UUID agentId = n8n.agent(admin, "Slow");
            UUID answered = ScriptedN8n.chat(user, agentId);
            HttpResponse<InputStream> first = ScriptedN8n.sendStreaming(user, port, answered, "Before the limit");
            n8n.awaitHeld(1);
            n8n.release();
            assertThat(ScriptedN8n.readToEnd(first)).contains("\"type\":\"done\"");
            limit(admin, 2);

            UUID[] chats = {ScriptedN8n.chat(admin, agentId), ScriptedN8n.chat(user, agentId), ScriptedN8n.chat(user, agentId)};
            HttpResponse<InputStream> onA = ScriptedN8n.sendStreaming(admin, port, chats[0], "One");
            HttpResponse<InputStream> onB = ScriptedN8n.sendStreaming(user, replicaB.port(), chats[1], "Two");
            assertThat(onA.statusCode()).isEqualTo(200);
            assertThat(onB.statusCode()).isEqualTo(200);
            n8n.awaitHeld(3);

            for (int instance : new int[] {port, replicaB.port()}) {
                ApiClient.Response third = ScriptedN8n.sendForJson(user, instance, chats[2], "Three");
                assertThat(third.status()).as(third.toString()).isEqualTo(429);
                assertThat(third.header("Retry-After")).contains(String.valueOf(Quotas.CONCURRENCY_RETRY_AFTER_SECONDS));
                assertThat(third.json().get("detail").asText()).contains("as many answers at once");
            }
            assertThat(messages(chats[2])).as("nothing of the refused send saved").isZero();
            // a regenerate is refused the same way, and supersedes nothing; so are a send and an edit in that chat
            ApiClient.Response regenerate = user.client().post("/api/chats/" + answered + "/messages", Map.of("regenerate", true));
            assertThat(regenerate.status()).as(regenerate.toString()).isEqualTo(429);
            String userMessageId = jdbc.queryForObject("SELECT messages -> 0 ->> 'id' FROM chats WHERE id = ?", String.class, answered);
            ApiClient.Response edit = ScriptedN8n.sendForJson(user, replicaB.port(), answered, "unused");
            assertThat(edit.status()).isEqualTo(429);
            edit = user.client().post("/api/chats/" + answered + "/messages",
                    Map.of("edit_message_id", userMessageId, "content", "Edited"));
            assertThat(edit.status()).as(edit.toString()).isEqualTo(429);
            assertThat(messages(answered)).isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT superseded::text FROM chats WHERE id = ?", String.class, answered)).isEqualTo("[]");
            assertThat(jdbc.queryForObject("SELECT messages -> 0 ->> 'content' FROM chats WHERE id = ?", String.class, answered))
                    .isEqualTo("Before the limit");
            // a chat that runs one already still says so (409 naming it), not 429
            ApiClient.Response again = ScriptedN8n.sendForJson(admin, replicaB.port(), chats[0], "Again");
            assertThat(again.status()).as(again.toString()).isEqualTo(409);
            assertThat(again.json().get("generation_id").asText()).isNotBlank();
            assertThat(running(admin)).isEqualTo(2);

            // one ends: the next start is accepted, on either replica
            n8n.release();
            n8n.release();
            ScriptedN8n.readToEnd(onA);
            ScriptedN8n.readToEnd(onB);
            HttpResponse<InputStream> now = ScriptedN8n.sendStreaming(user, replicaB.port(), chats[2], "Three");
            assertThat(now.statusCode()).isEqualTo(200);
            n8n.awaitHeld(4);
            n8n.release();
            assertThat(ScriptedN8n.readToEnd(now)).contains("\"type\":\"done\"");
            assertThat(messages(chats[2])).isEqualTo(2);
        }
    }

    /**
     * The check and the insert are one step for the team: while another transaction holds the team's slot lock
     * with a generation it has not committed yet, a start on replica B waits, then counts that generation (a fresh
     * snapshot after the lock) and is refused. Without the lock, or with the count in the statement's own
     * snapshot, B would see no running generation and start a second one.
     */
    @Test
    void aStartWaitsForAnotherStartOfTheTeamAndCountsItsGeneration() throws Exception {
        Account admin = accounts.newTeamAdmin();
        limit(admin, 1);
        try (ScriptedN8n n8n = ScriptedN8n.holding("Unused")) {
            UUID agentId = n8n.agent(admin, "Contended");
            UUID chatId = ScriptedN8n.chat(admin, agentId);
            UUID other = UUID.randomUUID();
            CompletableFuture<HttpResponse<InputStream>> send;
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement slot = connection.prepareStatement("SELECT generation_slot_free(?, NULL)")) {
                    slot.setObject(1, admin.teamId());
                    try (ResultSet free = slot.executeQuery()) {
                        assertThat(free.next() && free.getBoolean(1)).isTrue();
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO generations "
                        + "(id, team_id, user_id, agent_id, owner) VALUES (?, ?, ?, ?, 'elsewhere')")) {
                    insert.setObject(1, other);
                    insert.setObject(2, admin.teamId());
                    insert.setObject(3, admin.userId());
                    insert.setObject(4, agentId);
                    insert.executeUpdate();
                }
                // streaming: the response's head comes as soon as the start is accepted or refused
                send = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ScriptedN8n.sendStreaming(admin, replicaB.port(), chatId, "Now");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(1000);
                assertThat(send).as("the start on B waits for the team's lock").isNotDone();
                connection.commit();
            }
            HttpResponse<InputStream> refused = send.get(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(ScriptedN8n.readToEnd(refused)).contains("as many answers at once");
            assertThat(messages(chatId)).isZero();
            jdbc.update("UPDATE generations SET status = 'error', finished_at = now() WHERE id = ?", other);
        }
    }

    @Test
    void simultaneousStartsOnBothReplicasNeverExceedTheLimit() throws Exception {
        Account admin = accounts.newTeamAdmin();
        limit(admin, 2);
        try (ScriptedN8n n8n = ScriptedN8n.holding("Busy")) {
            UUID agentId = n8n.agent(admin, "Contended");
            List<UUID> chats = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                chats.add(ScriptedN8n.chat(admin, agentId));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<InputStream>>> sends = new ArrayList<>();
            for (int i = 0; i < chats.size(); i++) {
                UUID chatId = chats.get(i);
                int instance = i % 2 == 0 ? port : replicaB.port();
                sends.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return ScriptedN8n.sendStreaming(admin, instance, chatId, "Now");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<HttpResponse<InputStream>> accepted = new ArrayList<>();
            for (CompletableFuture<HttpResponse<InputStream>> send : sends) {
                HttpResponse<InputStream> response = send.join();
                statuses.add(response.statusCode());
                if (response.statusCode() == 200) {
                    accepted.add(response);
                } else {
                    response.body().close();
                }
            }
            assertThat(statuses).as("statuses").containsOnly(200, 429);
            assertThat(accepted).as("accepted starts").hasSize(2);
            assertThat(running(admin)).isEqualTo(2);
            long saved = chats.stream().filter(chat -> messages(chat) > 0).count();
            assertThat(saved).as("chats with a saved message").isEqualTo(2);
            n8n.awaitHeld(2);
            n8n.release();
            n8n.release();
            for (HttpResponse<InputStream> response : accepted) {
                assertThat(ScriptedN8n.readToEnd(response)).contains("\"type\":\"done\"");
            }
        }
    }
}
