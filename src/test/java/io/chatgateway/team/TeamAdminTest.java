package io.chatgateway.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@GatewayTest
class TeamAdminTest extends ApiTestBase {

    Account admin;

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
    }

    @Test
    void everyTeamEndpointIsForAdminsOnly() {
        Account user = accounts.newMember(admin, "user");
        String memberPath = "/api/team/members/" + user.userId();
        String invitePath = "/api/team/invites/" + admin.client().post("/api/team/invites", Map.of()).json().get("id").asText();
        List<Supplier<ApiClient.Response>> asUser = List.of(
                () -> user.client().get("/api/team"),
                () -> user.client().put("/api/team", Map.of("name", "Taken over")),
                () -> user.client().get("/api/team/members"),
                () -> user.client().put(memberPath, Map.of("role", "admin")),
                () -> user.client().post("/api/team/invites", Map.of("role", "admin")),
                () -> user.client().get("/api/team/invites"),
                () -> user.client().delete(invitePath));
        for (Supplier<ApiClient.Response> call : asUser) {
            ApiClient.Response response = call.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.json().get("detail").isTextual()).isTrue();
        }
        assertThat(user.client().get("/api/auth/me").json().get("role").asText()).isEqualTo("user");

        assertThat(admin.client().get("/api/team").status()).isEqualTo(200);
        assertThat(admin.client().put("/api/team", Map.of("name", "Renamed")).json().get("name").asText()).isEqualTo("Renamed");
        assertThat(admin.client().get("/api/team/members").json()).hasSize(2);
        assertThat(admin.client().put(memberPath, Map.of("role", "user")).status()).isEqualTo(200);
        assertThat(admin.client().post("/api/team/invites", Map.of()).status()).isEqualTo(201);
        assertThat(admin.client().get("/api/team/invites").status()).isEqualTo(200);
        assertThat(admin.client().delete(invitePath).status()).isEqualTo(204);
    }

    @Test
    void anotherTeamsMembersAndInvitesAreNotFound() {
        Account stranger = accounts.newTeamAdmin();
        String inviteId = stranger.client().post("/api/team/invites", Map.of()).json().get("id").asText();
        assertThat(admin.client().put("/api/team/members/" + stranger.userId(), Map.of("is_active", false)).status()).isEqualTo(404);
        assertThat(admin.client().delete("/api/team/invites/" + inviteId).status()).isEqualTo(404);
        assertThat(admin.client().get("/api/team/members").json()).extracting(m -> m.get("id").asText())
                .containsExactly(admin.userId().toString());
        assertThat(stranger.client().get("/api/team/invites").json()).hasSize(1);
    }

    @Test
    void theLastActiveAdminCannotBeDemotedOrDeactivated() {
        String self = "/api/team/members/" + admin.userId();
        assertThat(admin.client().put(self, Map.of("role", "user")).status()).isEqualTo(409);
        assertThat(admin.client().put(self, Map.of("is_active", false)).status()).isEqualTo(409);

        Account second = accounts.newMember(admin, "admin");
        // an inactive admin does not count
        assertThat(admin.client().put("/api/team/members/" + second.userId(), Map.of("is_active", false)).status()).isEqualTo(200);
        assertThat(admin.client().put(self, Map.of("role", "user")).status()).isEqualTo(409);
        assertThat(admin.client().put("/api/team/members/" + second.userId(), Map.of("is_active", true)).status()).isEqualTo(200);

        ApiClient.Response demoted = admin.client().put(self, Map.of("role", "user"));
        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        assertThat(demoted.json().get("role").asText()).isEqualTo("user");
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        for (int round = 0; round < 5; round++) {
            Account first = accounts.newTeamAdmin();
            Account second = accounts.newMember(first, "admin");
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<ApiClient.Response> a = CompletableFuture.supplyAsync(() -> {
                await(start);
                return first.client().put("/api/team/members/" + second.userId(), Map.of("role", "user"));
            });
            CompletableFuture<ApiClient.Response> b = CompletableFuture.supplyAsync(() -> {
                await(start);
                return second.client().put("/api/team/members/" + first.userId(), Map.of("role", "user"));
            });
            List<Integer> statuses = List.of(a.get().status(), b.get().status());
            // the loser is refused by the last-admin rule (409), by its new role (403), or — when the winner's
            // demotion committed before the loser's request was authenticated — by its revoked token (401)
            assertThat(statuses).as(statuses.toString()).containsAnyOf(200)
                    .allMatch(s -> s == 200 || s == 409 || s == 403 || s == 401);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
            long admins = 0;
            Account survivor = statuses.get(0) == 200 ? first : second;
            for (JsonNode member : survivor.client().get("/api/team/members").json()) {
                admins += "admin".equals(member.get("role").asText()) && member.get("is_active").asBoolean() ? 1 : 0;
            }
            assertThat(admins).isEqualTo(1);
        }
    }

    @Test
    void invitesAreListedWithTheirStatusAndRevoked() {
        ApiClient.Response created = admin.client().post("/api/team/invites",
                Map.of("role", "admin", "email", "Someone@Example.com", "expires_in_hours", 2));
        assertThat(created.status()).isEqualTo(201);
        JsonNode invite = created.json();
        assertThat(invite.get("token").asText()).hasSizeGreaterThan(20);
        assertThat(invite.get("role").asText()).isEqualTo("admin");
        assertThat(invite.get("email").asText()).isEqualTo("someone@example.com");
        assertThat(invite.get("expires_at").asText()).isNotBlank();

        Account joined = accounts.newMember(admin, "user");
        JsonNode list = admin.client().get("/api/team/invites").json();
        assertThat(list).hasSize(2);
        assertThat(list.toString()).doesNotContain(invite.get("token").asText()).doesNotContain("token_hash");
        assertThat(list).extracting(i -> i.get("status").asText()).containsExactlyInAnyOrder("pending", "used");
        assertThat(list).filteredOn(i -> "used".equals(i.get("status").asText()))
                .extracting(i -> i.get("used_by").asText()).containsExactly(joined.userId().toString());

        assertThat(admin.client().delete("/api/team/invites/" + invite.get("id").asText()).status()).isEqualTo(204);
        assertThat(admin.client().delete("/api/team/invites/" + invite.get("id").asText()).status()).isEqualTo(404);
        assertThat(admin.client().get("/api/team/invites").json()).hasSize(1);
    }

    @Test
    void defaultInviteIsForAUser() {
        ApiClient.Response created = admin.client().raw("POST", "/api/team/invites", null, null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo("user");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
