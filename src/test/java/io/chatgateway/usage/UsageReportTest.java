package io.chatgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/** GET /api/team/usage: sums of the team's usage by day, agent, user or key, as JSON or CSV; admins only. */
@GatewayTest
class UsageReportTest extends ApiTestBase {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /** A usage row of an earlier day, as a generation ended then would have written it. */
    private void pastUsage(Account account, UUID agentId, LocalDate day, String status, long charsIn, long charsOut) {
        jdbc.update("""
                INSERT INTO generation_usage (generation_id, team_id, user_id, agent_id, source, chars_in, chars_out,
                    tokens_in, tokens_out, tokens_estimated, ttft_ms, duration_ms, status, created_at)
                VALUES (?, ?, ?, ?, 'chat', ?, ?, ceil(? / 4.0), ceil(? / 4.0), true, 100, 1000, ?,
                        CAST(? AS date) + time '12:00' AT TIME ZONE 'UTC')""",
                UUID.randomUUID(), account.teamId(), account.userId(), agentId, charsIn, charsOut, charsIn, charsOut,
                status, day.toString());
    }

    private static List<String> keys(JsonNode report) {
        List<String> keys = new ArrayList<>();
        report.get("rows").forEach(row -> keys.add(row.get("key").isNull() ? null : row.get("key").asText()));
        return keys;
    }

    @Test
    void usageIsGroupedByDayAgentUserAndKeyWithTotals() throws Exception {
        Account admin = accounts.newTeamAdmin();
        Account user = accounts.newMember(admin, "user");
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"Four\"}")) {
            UUID alpha = n8n.agent(admin, "Alpha");
            UUID beta = n8n.agent(admin, "Beta, \"the\" second");
            UUID adminChat = ScriptedN8n.chat(admin, alpha);
            assertThat(ScriptedN8n.sendForJson(admin, port, adminChat, "One").status()).isEqualTo(200);
            assertThat(ScriptedN8n.sendForJson(admin, port, adminChat, "Two").status()).isEqualTo(200);
            assertThat(ScriptedN8n.sendForJson(user, port, ScriptedN8n.chat(user, beta), "Three").status()).isEqualTo(200);
            pastUsage(user, beta, TODAY.minusDays(3), "error", 40, 0);
            pastUsage(user, beta, TODAY.minusDays(40), "complete", 400, 400);

            JsonNode byDay = admin.client().get("/api/team/usage").json();
            assertThat(byDay.get("group_by").asText()).isEqualTo("day");
            assertThat(byDay.get("from").asText()).isEqualTo(TODAY.minusDays(29).toString());
            assertThat(byDay.get("to").asText()).isEqualTo(TODAY.toString());
            assertThat(keys(byDay)).containsExactly(TODAY.minusDays(3).toString(), TODAY.toString());
            JsonNode today = byDay.get("rows").get(1);
            assertThat(today.get("label").asText()).isEqualTo(TODAY.toString());
            assertThat(today.get("generations").asLong()).isEqualTo(3);
            assertThat(today.get("completed").asLong()).isEqualTo(3);
            assertThat(today.get("chars_out").asLong()).isEqualTo(12);
            assertThat(today.get("tokens_out").asLong()).isEqualTo(3);
            assertThat(today.get("avg_ttft_ms").isNumber()).isTrue();
            assertThat(today.get("avg_duration_ms").isNumber()).isTrue();
            JsonNode totals = byDay.get("totals");
            assertThat(totals.get("key").isNull()).isTrue();
            assertThat(totals.get("generations").asLong()).isEqualTo(4);
            assertThat(totals.get("failed").asLong()).isEqualTo(1);
            assertThat(totals.get("completed").asLong()).isEqualTo(3);

            JsonNode byAgent = admin.client().get("/api/team/usage?group_by=agent").json();
            assertThat(keys(byAgent)).containsExactlyInAnyOrder(alpha.toString(), beta.toString());
            for (JsonNode row : byAgent.get("rows")) {
                boolean isAlpha = row.get("key").asText().equals(alpha.toString());
                assertThat(row.get("label").asText()).isEqualTo(isAlpha ? "Alpha" : "Beta, \"the\" second");
                assertThat(row.get("generations").asLong()).isEqualTo(2);
            }

            JsonNode byUser = admin.client().get("/api/team/usage?group_by=user&from=" + TODAY.minusDays(60) + "&to=" + TODAY).json();
            assertThat(byUser.get("rows")).hasSize(2);
            JsonNode userRow = byUser.get("rows").get(0);
            assertThat(userRow.get("key").asText()).as("most tokens first").isEqualTo(user.userId().toString());
            assertThat(userRow.get("label").asText()).isEqualTo(user.email());
            assertThat(userRow.get("generations").asLong()).isEqualTo(3);
            assertThat(byUser.get("totals").get("generations").asLong()).isEqualTo(5);

            JsonNode byKey = admin.client().get("/api/team/usage?group_by=key").json();
            assertThat(keys(byKey)).as("chat usage has no key").containsExactly((String) null);
            assertThat(byKey.get("rows").get(0).get("generations").asLong()).isEqualTo(4);

            // one day only
            JsonNode oneDay = admin.client().get("/api/team/usage?from=" + TODAY.minusDays(3) + "&to=" + TODAY.minusDays(3)).json();
            assertThat(oneDay.get("totals").get("generations").asLong()).isEqualTo(1);
            assertThat(oneDay.get("totals").get("chars_in").asLong()).isEqualTo(40);

            // another team sees none of it
            Account stranger = accounts.newTeamAdmin();
            JsonNode theirs = stranger.client().get("/api/team/usage?group_by=agent").json();
            assertThat(theirs.get("rows")).isEmpty();
            assertThat(theirs.get("totals").get("generations").asLong()).isZero();
            assertThat(theirs.get("totals").get("avg_ttft_ms").isNull()).isTrue();
        }
    }

    @Test
    void csvHasAHeaderLineAndEscapesLabels() throws Exception {
        Account admin = accounts.newTeamAdmin();
        try (ScriptedN8n n8n = ScriptedN8n.answering("{\"output\":\"Fine\"}")) {
            UUID odd = n8n.agent(admin, "Beta, \"the\" second");
            UUID formula = n8n.agent(admin, "=HYPERLINK(\"x\")");
            assertThat(ScriptedN8n.sendForJson(admin, port, ScriptedN8n.chat(admin, odd), "Hi").status()).isEqualTo(200);
            assertThat(ScriptedN8n.sendForJson(admin, port, ScriptedN8n.chat(admin, formula), "Hi").status()).isEqualTo(200);

            ApiClient.Response csv = admin.client().send(admin.client().request("/api/team/usage?group_by=agent")
                    .header("Accept", "text/csv").GET());
            assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
            assertThat(csv.header("Content-Disposition")).hasValueSatisfying(value -> assertThat(value).contains(".csv"));
            String[] lines = csv.body().split("\r\n");
            assertThat(lines[0]).isEqualTo("key,label,generations,completed,failed,stopped,chars_in,chars_out,"
                    + "tokens_in,tokens_out,avg_ttft_ms,avg_duration_ms");
            assertThat(lines).hasSize(3);
            assertThat(csv.body()).contains(odd + ",\"Beta, \"\"the\"\" second\",1,1,0,0,11,4,3,1,")
                    .contains(formula + ",\"'=HYPERLINK(\"\"x\"\")\",1,1,0,0,11,4,3,1,");

            ApiClient.Response json = admin.client().send(admin.client().request("/api/team/usage")
                    .header("Accept", "application/json").GET());
            assertThat(json.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(json.json().get("totals").get("generations").asLong()).isEqualTo(2);
        }
    }

    @Test
    void usersAreRefusedAndBadPeriodsOrGroupsAre422() {
        Account admin = accounts.newTeamAdmin();
        Account user = accounts.newMember(admin, "user");
        assertThat(user.client().get("/api/team/usage").status()).isEqualTo(403);
        assertThat(accounts.anonymous().get("/api/team/usage").status()).isEqualTo(401);
        for (String query : List.of("from=2026-13-01", "to=yesterday", "from=2026-02-30",
                "from=" + TODAY + "&to=" + TODAY.minusDays(1),
                "from=" + TODAY.minusDays(366) + "&to=" + TODAY,
                "group_by=week", "group_by=DAY")) {
            ApiClient.Response response = admin.client().get("/api/team/usage?" + query);
            assertThat(response.status()).as(query + ": " + response).isEqualTo(422);
            assertThat(response.json().get("detail").asText()).isNotBlank();
        }
        ApiClient.Response year = admin.client().get("/api/team/usage?from=" + TODAY.minusDays(365) + "&to=" + TODAY);
        assertThat(year.status()).as("366 days are allowed").isEqualTo(200);
    }
}
