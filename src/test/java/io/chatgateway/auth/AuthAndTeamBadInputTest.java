package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Client mistakes on the auth and team endpoints that used to answer 500 (issue 16, item 3): a NUL inside any
 * string, a password over 72 bytes, an empty body, a body that is not an object. Each is a clear 4xx
 * {@code {"detail"}}, and the log says no more than the access line: no stack trace, no error.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class AuthAndTeamBadInputTest extends ApiTestBase {

    /** 60 characters, 150 bytes in UTF-8: bcrypt would read only the first 72 bytes. */
    private static final String LONG_PASSWORD = "é€".repeat(30);
    private static final String NUL = "\u0000";

    record Case(String what, ApiClient client, String method, String path, String contentType, String body,
                int status, String detail) {
    }

    @Test
    void everyMistakeIsAClear4xxAndNoStackTrace(CapturedOutput output) {
        Account admin = accounts.newTeamAdmin();
        Account member = accounts.newMember(admin, "user");
        String memberPath = "/api/team/members/" + member.userId();
        List<Case> cases = new ArrayList<>();

        Map<String, String> registration = Map.of("email", TestAccounts.uniqueEmail("bad"),
                "password", TestAccounts.PASSWORD, "name", "Bad input", "team_name", "Bad input team");
        for (String field : registration.keySet()) {
            cases.add(json("register with NUL in " + field, "/api/auth/register", "POST",
                    with(registration, field, "a" + NUL + "b"), 422, field + ": must not contain NUL characters"));
        }
        cases.add(json("register with NUL in invite_token", "/api/auth/register", "POST",
                Map.of("email", TestAccounts.uniqueEmail("bad"), "password", TestAccounts.PASSWORD, "invite_token", NUL),
                422, "invite_token: must not contain NUL characters"));
        cases.add(json("register with NUL in team_slug", "/api/auth/register", "POST",
                Map.of("email", TestAccounts.uniqueEmail("bad"), "password", TestAccounts.PASSWORD, "team_slug", "x" + NUL),
                422, "team_slug: must not contain NUL characters"));
        cases.add(json("register with a password of 150 bytes", "/api/auth/register", "POST",
                with(registration, "password", LONG_PASSWORD), 422, "password: must be at most 72 bytes"));
        cases.add(json("register with two ways into a team", "/api/auth/register", "POST",
                with(registration, "invite_token", "some-token"), 422, "team_name: give only one of"));
        cases.add(json("login with NUL in email", "/api/auth/login", "POST",
                Map.of("email", admin.email() + NUL, "password", TestAccounts.PASSWORD), 422, "email: must not contain NUL"));
        cases.add(json("login with NUL in password", "/api/auth/login", "POST",
                Map.of("email", admin.email(), "password", NUL), 422, "password: must not contain NUL"));
        cases.add(json("login with a password of 150 bytes", "/api/auth/login", "POST",
                Map.of("email", admin.email(), "password", LONG_PASSWORD), 401, "Incorrect email or password"));
        cases.add(new Case("PUT /api/team with NUL in name", admin.client(), "PUT", "/api/team", "application/json",
                "{\"name\": \"a\\u0000b\"}", 422, "name: must not contain NUL characters"));
        cases.add(new Case("PUT a member with NUL in role", admin.client(), "PUT", memberPath, "application/json",
                "{\"role\": \"user\\u0000\"}", 422, "role: must not contain NUL characters"));
        cases.add(new Case("invite with NUL in email", admin.client(), "POST", "/api/team/invites", "application/json",
                "{\"email\": \"a\\u0000@b.example\"}", 422, "email: must not contain NUL characters"));
        cases.add(new Case("invite with NUL in role", admin.client(), "POST", "/api/team/invites", "application/json",
                "{\"role\": \"\\u0000\"}", 422, "role: must not contain NUL characters"));

        for (String[] verb : new String[][] {{"POST", "/api/auth/register"}, {"POST", "/api/auth/login"},
                {"PUT", "/api/team"}, {"PUT", memberPath}}) {
            ApiClient client = verb[1].startsWith("/api/auth") ? accounts.anonymous() : admin.client();
            String name = verb[0] + " " + verb[1];
            cases.add(new Case(name + " with an empty body", client, verb[0], verb[1], "application/json", "", 400,
                    "Request body must be a JSON object"));
            cases.add(new Case(name + " with a JSON array", client, verb[0], verb[1], "application/json",
                    "[{\"email\": \"a@b.example\"}]", 400, "Request body must be a JSON object"));
            cases.add(new Case(name + " with the JSON body null", client, verb[0], verb[1], "application/json", "null", 400,
                    "Request body must be a JSON object"));
        }
        cases.add(new Case("invite with a JSON array", admin.client(), "POST", "/api/team/invites", "application/json",
                "[]", 400, "Request body must be a JSON object"));

        int logBefore = output.getAll().length();
        for (Case bad : cases) {
            ApiClient.Response response = bad.client().raw(bad.method(), bad.path(), bad.contentType(),
                    bad.body().getBytes(StandardCharsets.UTF_8));
            String shown = bad.what() + " -> " + response;
            assertThat(response.status()).as(shown).isEqualTo(bad.status());
            assertThat(response.header("Content-Type").orElse("")).as(shown).startsWith("application/json");
            assertThat(response.json().get("detail").asText()).as(shown).startsWith(bad.detail());
            assertThat(response.sessionToken()).as(shown).isEmpty();
        }
        String logged = output.getAll().substring(logBefore);
        assertThat(logged).as("what the requests logged").contains("POST /api/auth/register 422")
                .doesNotContain("\tat ", " ERROR ", " WARN ", "Exception");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM teams WHERE name = 'Bad input team'", Integer.class)).isZero();
    }

    @Test
    void anInviteNeedsNoBodyAtAll() {
        Account admin = accounts.newTeamAdmin();
        for (String body : new String[] {null, "", "  ", "null", "{}"}) {
            ApiClient.Response created = admin.client().raw("POST", "/api/team/invites",
                    body == null ? null : "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8));
            assertThat(created.status()).as(body + " -> " + created).isEqualTo(201);
            assertThat(created.json().get("role").asText()).isEqualTo("user");
        }
    }

    private Case json(String what, String path, String method, Map<String, String> body, int status, String detail) {
        String text;
        try {
            text = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return new Case(what, accounts.anonymous(), method, path, "application/json", text, status, detail);
    }

    private static Map<String, String> with(Map<String, String> body, String field, String value) {
        Map<String, String> changed = new LinkedHashMap<>(body);
        changed.put(field, value);
        return changed;
    }
}
