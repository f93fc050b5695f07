package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Flow;
import java.nio.ByteBuffer;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/** Every way a client can get a request wrong answers JSON {"detail"} with the stated 4xx, never 500. */
@GatewayTest
class BadInputTest extends ApiTestBase {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void malformedJsonIs400() {
        ApiClient client = accounts.anonymous();
        assertError(client.post("/api/auth/login", "{\"email\": "), 400);
        assertError(client.post("/api/auth/register", "{not json}"), 400);
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().put("/api/team", "{\"name\": \"x\""), 400);
        assertError(admin.client().post("/api/team/invites", "[1, 2"), 400);
    }

    @Test
    void jsonThatIsNotAnObjectIs400Or422() {
        ApiClient client = accounts.anonymous();
        for (String body : new String[] {"[]", "\"text\"", "42", "null", "true"}) {
            ApiClient.Response response = client.post("/api/auth/register", body);
            assertThat(response.status()).as(body + " → " + response).isIn(400, 422);
            assertThat(response.json().get("detail").isTextual()).isTrue();
        }
        Account admin = accounts.newTeamAdmin();
        ApiClient.Response response = admin.client().put("/api/team", "[1]");
        assertThat(response.status()).as(response.toString()).isIn(400, 422);
    }

    @Test
    void missingOrWrongSessionIs401() {
        ApiClient anonymous = accounts.anonymous();
        assertError(anonymous.get("/api/auth/me"), 401);
        assertError(anonymous.get("/api/team"), 401);
        assertError(anonymous.put("/api/team/members/" + java.util.UUID.randomUUID(), Map.of("role", "user")), 401);
        assertError(anonymous.post("/api/auth/login", Map.of("email", "x@y.example", "password", "wrong-password")), 401);
    }

    @Test
    void memberOnAdminEndpointIs403() {
        Account admin = accounts.newTeamAdmin();
        Account member = accounts.newMember(admin, "user");
        assertError(member.client().get("/api/team/members"), 403);
        assertError(member.client().post("/api/team/invites", Map.of()), 403);
    }

    @Test
    void unknownPathsAndIdsAre404Json() {
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().get("/api/no-such-thing"), 404);
        assertError(admin.client().get("/api/auth/no-such-thing"), 404);
        assertError(admin.client().put("/api/team/members/not-a-uuid", Map.of("role", "user")), 404);
        assertError(admin.client().put("/api/team/members/" + java.util.UUID.randomUUID(), Map.of("role", "user")), 404);
        assertError(admin.client().delete("/api/team/invites/" + java.util.UUID.randomUUID()), 404);
        assertError(admin.client().delete("/api/team/invites/42"), 404);
    }

    @Test
    void wrongMethodIs405Json() {
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().delete("/api/auth/me"), 405);
        assertError(admin.client().get("/api/auth/login"), 405);
        assertError(admin.client().delete("/api/team"), 405);
    }

    @Test
    void lastAdminConflictIs409() {
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().put("/api/team/members/" + admin.userId(), Map.of("role", "user")), 409);
    }

    @Test
    void bodyOverOneMebibyteIs413WithContentLength() {
        byte[] body = jsonOfSize(ONE_MIB + 1);
        assertError(accounts.anonymous().raw("POST", "/api/auth/register", "application/json", body), 413);
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().raw("PUT", "/api/team", "application/json", body), 413);
    }

    @Test
    void bodyOverOneMebibyteIs413WhenChunked() {
        byte[] body = jsonOfSize(ONE_MIB + 1);
        ApiClient client = accounts.anonymous();
        HttpRequest.Builder request = client.request("/api/auth/register")
                .header("Content-Type", "application/json")
                .POST(chunked(body));
        assertError(client.send(request), 413);
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().send(admin.client().request("/api/team")
                .header("Content-Type", "application/json").PUT(chunked(body))), 413);
    }

    @Test
    void chunkedBodyWithinTheLimitIsRead() {
        ApiClient client = accounts.anonymous();
        String json = "{\"email\": \"" + TestAccounts.uniqueEmail("chunked") + "\", \"password\": \""
                + TestAccounts.PASSWORD + "\", \"team_name\": \"Chunked\"}";
        ApiClient.Response response = client.send(client.request("/api/auth/register")
                .header("Content-Type", "application/json").POST(chunked(json.getBytes(StandardCharsets.UTF_8))));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void bodyJustUnderTheLimitIsRead() {
        // whitespace-padded JSON of exactly 1 MiB is accepted by the size policy and reaches validation
        byte[] body = jsonOfSize(ONE_MIB);
        ApiClient.Response response = accounts.anonymous().raw("POST", "/api/auth/register", "application/json", body);
        assertError(response, 422);
    }

    @Test
    void nonJsonBodiesAre415() {
        ApiClient client = accounts.anonymous();
        byte[] body = "email=a@b.example&password=12345678".getBytes(StandardCharsets.UTF_8);
        assertError(client.raw("POST", "/api/auth/login", "text/plain", body), 415);
        assertError(client.raw("POST", "/api/auth/login", "application/x-www-form-urlencoded", body), 415);
        assertError(client.raw("POST", "/api/auth/register", null, "{\"email\":\"a@b.example\"}".getBytes(StandardCharsets.UTF_8)), 415);
        assertError(client.raw("POST", "/api/auth/login", "multipart/form-data; boundary=x", body), 415);
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().raw("PUT", "/api/team", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void invalidFieldsAre422NamingTheField() {
        ApiClient client = accounts.anonymous();
        ApiClient.Response shortPassword = client.post("/api/auth/register",
                Map.of("email", TestAccounts.uniqueEmail("short"), "password", "1234567", "team_name", "T"));
        assertError(shortPassword, 422);
        assertThat(shortPassword.json().get("errors").get(0).get("field").asText()).isEqualTo("password");
        ApiClient.Response badEmail = client.post("/api/auth/register",
                Map.of("email", "not-an-email", "password", TestAccounts.PASSWORD, "team_name", "T"));
        assertError(badEmail, 422);
        assertThat(badEmail.json().get("errors").get(0).get("field").asText()).isEqualTo("email");
        Account admin = accounts.newTeamAdmin();
        assertError(admin.client().put("/api/team", Map.of("open_registration", "yes")), 422);
        assertError(admin.client().put("/api/team/members/" + admin.userId(), Map.of("role", "owner")), 422);
        assertError(admin.client().post("/api/team/invites", Map.of("expires_in_hours", 0)), 422);
        assertError(admin.client().post("/api/team/invites", Map.of("email", "nope")), 422);
    }

    @Test
    void tooManyLoginsAre429() {
        ApiClient client = accounts.anonymous();
        ApiClient.Response last = null;
        for (int i = 0; i < 6; i++) {
            last = client.post("/api/auth/login", Map.of("email", "x@y.example", "password", "wrong-password"));
        }
        assertError(last, 429);
    }

    static void assertError(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type").orElse("")).as(response.toString()).startsWith("application/json");
        assertThat(response.json().get("detail").isTextual()).as(response.toString()).isTrue();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
    }

    static byte[] jsonOfSize(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    /** A body publisher without a known length, so the client sends Transfer-Encoding: chunked. */
    static HttpRequest.BodyPublisher chunked(byte[] body) {
        HttpRequest.BodyPublisher fixed = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                fixed.subscribe(subscriber);
            }
        };
    }
}
