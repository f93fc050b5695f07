package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.Multipart;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hundreds of bad requests across every endpoint (issue 16, item 3): each must answer a clear 4xx with a JSON
 * {@code {"detail"}} and no stack trace, never a 5xx. Most cases are derived from {@link #ENDPOINTS}: who may call
 * an endpoint, its path ids and a valid JSON body, from which every field is spoiled in turn (NUL inside, wrong
 * type, far too long) and the body as a whole (malformed, empty, not an object, wrong content type, too large).
 * Cases that belong to one endpoint only (query parameters, multipart uploads, passwords, relay settings) are in
 * {@link #particularCases}. A new endpoint is one more row in {@link #ENDPOINTS}.
 */
@GatewayTest
class BadRequestMatrixTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Any status from 400 to 499 will do: the right one is for the fix to choose. */
    private static final int ANY_4XX = 0;

    private static final String NUL = "\u0000";
    private static final String FAR_TOO_LONG = "x".repeat(100_000);
    /** A JWT of the right shape whose signature no key made. */
    private static final String FORGED_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ."
            + "c2lnbmVkIGJ5IG5vYm9keSBzaWduZWQgYnkgbm9ib2R5";

    enum Access { PUBLIC, MEMBER, ADMIN }

    enum Caller { ANONYMOUS, GARBAGE_COOKIE, FORGED_BEARER, MEMBER, ADMIN, OTHER_TEAM_ADMIN }

    /**
     * One endpoint. {@code path} names ids as {agent}, {chat}, {invite} or {member} (made by {@link Fixtures});
     * {@code validBody} is a body the endpoint would accept from the caller (null: the endpoint takes no body),
     * {@code spoiled} the fields of it that each get spoiled, {@code acceptable} the spoilings that are no error.
     */
    record Endpoint(String method, String path, Access access, Function<Fixtures, Map<String, Object>> validBody,
                    boolean bodyOptional, List<String> spoiled, Set<String> acceptable) {

        static Endpoint noBody(String method, String path, Access access) {
            return new Endpoint(method, path, access, null, false, List.of(), Set.of());
        }

        static Endpoint json(String method, String path, Access access, Function<Fixtures, Map<String, Object>> validBody,
                             String... spoiled) {
            return new Endpoint(method, path, access, validBody, false, List.of(spoiled), Set.of());
        }

        /** The body may be left out altogether (an empty POST is fine). */
        Endpoint optionalBody() {
            return new Endpoint(method, path, access, validBody, true, spoiled, acceptable);
        }

        /** Spoilings ("field:kind", kind as in {@link Spoiling}) this endpoint rightly accepts. */
        Endpoint accepting(String... fieldKinds) {
            return new Endpoint(method, path, access, validBody, bodyOptional, spoiled, Set.of(fieldKinds));
        }

        String name() {
            return method + " " + path;
        }
    }

    /** Every endpoint of the API. The demo agent's webhook is left out: it stands in for n8n and answers anything. */
    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.json("POST", "/api/auth/register", Access.PUBLIC, f -> body(
                    "email", TestAccounts.uniqueEmail("matrix"), "password", TestAccounts.PASSWORD,
                    "name", "Matrix user", "team_name", "Matrix team"), "email", "password", "name", "team_name")
                    .accepting("password:nul"),
            Endpoint.json("POST", "/api/auth/register", Access.PUBLIC, f -> body(
                    "email", TestAccounts.uniqueEmail("invited"), "password", TestAccounts.PASSWORD,
                    "invite_token", f.newInviteToken()), "invite_token"),
            Endpoint.json("POST", "/api/auth/register", Access.PUBLIC, f -> body(
                    "email", TestAccounts.uniqueEmail("joining"), "password", TestAccounts.PASSWORD,
                    "team_slug", f.openTeamSlug()), "team_slug"),
            Endpoint.json("POST", "/api/auth/login", Access.PUBLIC, f -> body(
                    "email", f.admin().email(), "password", TestAccounts.PASSWORD), "email", "password"),
            Endpoint.noBody("POST", "/api/auth/logout", Access.PUBLIC),
            Endpoint.noBody("GET", "/api/auth/me", Access.MEMBER),

            Endpoint.noBody("GET", "/api/agents", Access.MEMBER),
            Endpoint.noBody("GET", "/api/agents/{agent}", Access.MEMBER),
            Endpoint.noBody("GET", "/api/agents/{agent}/avatar", Access.MEMBER),
            Endpoint.json("POST", "/api/agents", Access.ADMIN, f -> agentBody(),
                    "name", "webhook_url", "description", "webhook_token", "system_prompt", "config", "is_active", "avatar_url"),
            Endpoint.json("PUT", "/api/agents/{agent}", Access.ADMIN, f -> agentBody(),
                    "name", "webhook_url", "description", "webhook_token", "system_prompt", "config", "is_active", "avatar_url"),
            Endpoint.noBody("DELETE", "/api/agents/{agent}", Access.ADMIN),
            // POST /api/agents/{agent}/avatar (multipart) is in particularCases

            Endpoint.noBody("GET", "/api/chats", Access.MEMBER),
            Endpoint.noBody("GET", "/api/chats/{chat}", Access.MEMBER),
            Endpoint.json("POST", "/api/chats", Access.MEMBER, f -> body("agent_id", f.agentId().toString(), "title", "Matrix chat"),
                    "agent_id", "title"),
            Endpoint.json("PUT", "/api/chats/{chat}", Access.MEMBER, f -> body("agent_id", f.agentId().toString(), "title", "Renamed"),
                    "agent_id", "title"),
            Endpoint.noBody("DELETE", "/api/chats/{chat}", Access.MEMBER),
            Endpoint.json("POST", "/api/chats/{chat}/messages", Access.MEMBER, f -> body("content", "Hello"), "content"),

            Endpoint.noBody("GET", "/api/team", Access.ADMIN),
            Endpoint.noBody("GET", "/api/team/members", Access.ADMIN),
            Endpoint.noBody("GET", "/api/team/invites", Access.ADMIN),
            Endpoint.json("PUT", "/api/team", Access.ADMIN, f -> body("name", "Matrix team", "open_registration", true),
                    "name", "open_registration"),
            Endpoint.json("PUT", "/api/team/members/{member}", Access.ADMIN, f -> body("role", "user", "is_active", true),
                    "role", "is_active"),
            Endpoint.json("POST", "/api/team/invites", Access.ADMIN,
                    f -> body("role", "user", "email", TestAccounts.uniqueEmail("invitee"), "expires_in_hours", 24),
                    "role", "email", "expires_in_hours").optionalBody(),
            Endpoint.noBody("DELETE", "/api/team/invites/{invite}", Access.ADMIN),
            Endpoint.noBody("GET", "/api/openapi.json", Access.PUBLIC));

    /** What is done to one field of a valid body. */
    enum Spoiling {
        NUL("nul", ANY_4XX), WRONG_TYPE("wrong type", 422), OTHER_WRONG_TYPE("other wrong type", 422),
        FAR_TOO_LONG("far too long", 422);

        final String kind;
        final int expected;

        Spoiling(String kind, int expected) {
            this.kind = kind;
            this.expected = expected;
        }

        /** The spoiled value, or null when this spoiling does not apply to a value of this type. */
        Object apply(Object valid) {
            return switch (this) {
                case NUL -> valid instanceof String text ? text.charAt(0) + BadRequestMatrixTest.NUL + text.substring(1)
                        : valid instanceof Map<?, ?> ? Map.of("note", "a" + BadRequestMatrixTest.NUL + "b") : null;
                case WRONG_TYPE -> valid instanceof String ? 42 : valid instanceof Boolean ? "yes"
                        : valid instanceof Integer ? "many" : "a string";
                case OTHER_WRONG_TYPE -> valid instanceof String ? List.of("a", "list") : valid instanceof Boolean ? 1
                        : valid instanceof Integer ? 1.5 : List.of(1);
                case FAR_TOO_LONG -> valid instanceof String text ? text + BadRequestMatrixTest.FAR_TOO_LONG : null;
            };
        }
    }

    /** One request and the status it must get (or {@link #ANY_4XX}). */
    record BadRequest(String description, Caller caller, String method, String path, String contentType, byte[] body,
                      int expected) {

        static BadRequest json(String description, Caller caller, String method, String path, Object body, int expected) {
            return new BadRequest(description, caller, method, path, "application/json", bytes(body), expected);
        }
    }

    /** What the cases point at: a team with an agent, a chat, an invite, a member, and a second team. */
    record Fixtures(TestAccounts accounts, Account admin, Account member, Account otherAdmin, UUID agentId, UUID chatId,
                    UUID inviteId, String openTeamSlug) {

        String newInviteToken() {
            ApiClient.Response invite = admin.client().post("/api/team/invites", Map.of());
            assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
            return invite.json().get("token").asText();
        }

        String path(String template) {
            return template.replace("{agent}", agentId.toString()).replace("{chat}", chatId.toString())
                    .replace("{invite}", inviteId.toString()).replace("{member}", member.userId().toString());
        }

        ApiClient client(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> accounts.anonymous();
                case GARBAGE_COOKIE -> accounts.anonymous().withToken("not-a-token");
                case FORGED_BEARER -> accounts.anonymous().header("Authorization", "Bearer " + FORGED_JWT);
                case MEMBER -> member.client();
                case ADMIN -> admin.client();
                case OTHER_TEAM_ADMIN -> otherAdmin.client();
            };
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadRequestAnswersAClear4xx() {
        Fixtures fixtures = fixtures();
        List<BadRequest> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cases.addAll(derivedCases(endpoint, fixtures));
        }
        cases.addAll(particularCases(fixtures));
        assertThat(cases).as("issue 16 asks for at least 100").hasSizeGreaterThanOrEqualTo(100);
        return cases.stream().map(bad -> DynamicTest.dynamicTest(bad.description(), () -> assertClearClientError(bad, send(bad, fixtures))));
    }

    private Fixtures fixtures() {
        Account admin = accounts.newTeamAdmin();
        Account member = accounts.newMember(admin, "user");
        Account otherAdmin = accounts.newTeamAdmin();
        ApiClient.Response agent = admin.client().post("/api/agents", agentBody());
        assertThat(agent.status()).as(agent.toString()).isEqualTo(201);
        UUID agentId = UUID.fromString(agent.json().get("id").asText());
        ApiClient.Response chat = member.client().post("/api/chats", Map.of("agent_id", agentId.toString()));
        assertThat(chat.status()).as(chat.toString()).isEqualTo(201);
        ApiClient.Response invite = admin.client().post("/api/team/invites", Map.of());
        ApiClient.Response opened = otherAdmin.client().put("/api/team", Map.of("open_registration", true));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        return new Fixtures(accounts, admin, member, otherAdmin, agentId, UUID.fromString(chat.json().get("id").asText()),
                UUID.fromString(invite.json().get("id").asText()), opened.json().get("slug").asText());
    }

    /** The cases every endpoint gets from its row in {@link #ENDPOINTS}. */
    private static List<BadRequest> derivedCases(Endpoint endpoint, Fixtures f) {
        List<BadRequest> cases = new ArrayList<>();
        String path = f.path(endpoint.path());
        String name = endpoint.name();
        Caller caller = endpoint.access() == Access.ADMIN ? Caller.ADMIN : endpoint.access() == Access.MEMBER ? Caller.MEMBER : Caller.ANONYMOUS;
        Map<String, Object> valid = endpoint.validBody() == null ? null : endpoint.validBody().apply(f);
        String contentType = valid == null ? null : "application/json";
        byte[] validBytes = valid == null ? null : bytes(valid);

        if (endpoint.access() != Access.PUBLIC) {
            for (Caller outsider : List.of(Caller.ANONYMOUS, Caller.GARBAGE_COOKIE, Caller.FORGED_BEARER)) {
                cases.add(new BadRequest(name + " by " + outsider, outsider, endpoint.method(), path, contentType, validBytes, 401));
            }
        }
        if (endpoint.access() == Access.ADMIN) {
            cases.add(new BadRequest(name + " by a member who is no admin", Caller.MEMBER, endpoint.method(), path, contentType, validBytes, 403));
        }
        Matcher ids = Pattern.compile("\\{(\\w+)}").matcher(endpoint.path());
        while (ids.find()) {
            String id = ids.group();
            for (String wrongId : List.of(UUID.randomUUID().toString(), "not-a-uuid", "42", UUID.randomUUID() + "0")) {
                String wrongPath = f.path(endpoint.path().replace(id, wrongId));
                cases.add(new BadRequest(name + " with " + id + " = " + wrongId, caller, endpoint.method(), wrongPath,
                        contentType, valid == null ? null : bytes(endpoint.validBody().apply(f)), 404));
            }
            cases.add(new BadRequest(name + " with another team's " + id, Caller.OTHER_TEAM_ADMIN, endpoint.method(), path,
                    contentType, valid == null ? null : bytes(endpoint.validBody().apply(f)), 404));
        }
        if (valid == null) {
            return cases;
        }

        cases.add(raw(name + " with malformed JSON", caller, endpoint, path, "application/json", "{\"oops\": ", 400));
        if (!endpoint.bodyOptional()) {
            cases.add(raw(name + " with an empty JSON body", caller, endpoint, path, "application/json", "", 400));
            cases.add(raw(name + " with the JSON body null", caller, endpoint, path, "application/json", "null", 400));
        }
        for (String notAnObject : List.of("[]", "[{\"a\": 1}]", "\"text\"", "42", "true")) {
            cases.add(raw(name + " with the JSON body " + notAnObject, caller, endpoint, path, "application/json", notAnObject, 400));
        }
        if (!endpoint.bodyOptional()) {
            for (String wrongType : Arrays.asList("text/plain", "application/x-www-form-urlencoded", "application/xml", null)) {
                cases.add(new BadRequest(name + " with Content-Type " + wrongType, caller, endpoint.method(), path, wrongType,
                        bytes(endpoint.validBody().apply(f)), 415));
            }
        }
        cases.add(new BadRequest(name + " with a body over 1 MiB", caller, endpoint.method(), path, "application/json",
                BadInputTest.jsonOfSize(1024 * 1024 + 1), 413));

        for (String field : endpoint.spoiled()) {
            for (Spoiling spoiling : Spoiling.values()) {
                if (endpoint.acceptable().contains(field + ":" + spoiling.kind)) {
                    continue;
                }
                Map<String, Object> body = new LinkedHashMap<>(endpoint.validBody().apply(f));
                Object spoiled = spoiling.apply(body.get(field));
                if (spoiled == null) {
                    continue;
                }
                body.put(field, spoiled);
                cases.add(BadRequest.json(name + " with " + field + " " + spoiling.kind, caller, endpoint.method(), path, body,
                        spoiling.expected));
            }
        }
        return cases;
    }

    /** Cases only one endpoint has. */
    private static List<BadRequest> particularCases(Fixtures f) {
        List<BadRequest> cases = new ArrayList<>();
        String register = "/api/auth/register";

        // bcrypt reads 72 bytes at most: 72 characters can be 288 bytes
        for (String password : List.of("é".repeat(37), "€".repeat(25), "😀".repeat(19), "x".repeat(73), "x".repeat(10_000))) {
            cases.add(BadRequest.json("register with a password of " + password.getBytes(StandardCharsets.UTF_8).length + " bytes",
                    Caller.ANONYMOUS, "POST", register, body("email", TestAccounts.uniqueEmail("long"), "password", password,
                            "team_name", "Long password team"), 422));
        }
        for (String password : List.of("é".repeat(37), "😀".repeat(19), "x".repeat(1025))) {
            cases.add(BadRequest.json("login with a password of " + password.getBytes(StandardCharsets.UTF_8).length + " bytes",
                    Caller.ANONYMOUS, "POST", "/api/auth/login", body("email", f.admin().email(), "password", password), ANY_4XX));
        }
        cases.add(BadRequest.json("register with an email without @", Caller.ANONYMOUS, "POST", register,
                body("email", "no-at-sign", "password", TestAccounts.PASSWORD, "team_name", "T"), 422));
        // the API says: exactly one of invite_token, team_slug, team_name
        cases.add(BadRequest.json("register with two ways into a team", Caller.ANONYMOUS, "POST", register,
                body("email", TestAccounts.uniqueEmail("two"), "password", TestAccounts.PASSWORD, "team_name", "T",
                        "team_slug", f.openTeamSlug()), ANY_4XX));
        for (String malformed : List.of("{not json}", "{\"email\": \"a@b.example\",}", "{\"email\": \"a@b.example\"}}", "'single'",
                "{\"email\": \"\\ud800\"}", "{\"email\": \"a\u0001b@c.example\", \"password\": 1e999999}")) {
            cases.add(new BadRequest("register with malformed JSON " + malformed, Caller.ANONYMOUS, "POST", register,
                    "application/json", malformed.getBytes(StandardCharsets.UTF_8), ANY_4XX));
        }
        cases.add(new BadRequest("register with invalid UTF-8", Caller.ANONYMOUS, "POST", register, "application/json",
                new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, ANY_4XX));
        cases.add(new BadRequest("register with a JSON nested 100000 deep", Caller.ANONYMOUS, "POST", register, "application/json",
                ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8), ANY_4XX));

        // query parameters
        for (String query : List.of("limit=-1", "limit=0", "limit=101", "limit=abc", "limit=1.5", "limit=99999999999999999999",
                "offset=-1", "offset=abc", "offset=99999999999999999999", "agent_id=not-a-uuid", "agent_id=%00",
                "limit=%00")) {
            cases.add(new BadRequest("GET /api/chats?" + query, Caller.MEMBER, "GET", "/api/chats?" + query, null, null, ANY_4XX));
        }

        // per-agent relay settings need bounds (issue 16, item 5)
        for (String setting : List.of("\"heartbeat_interval_ms\": 1", "\"idle_timeout_ms\": 0", "\"total_timeout_ms\": -1",
                "\"connect_timeout_ms\": \"soon\"", "\"first_byte_timeout_ms\": 1e12", "\"on_disconnect\": \"explode\"")) {
            Map<String, Object> agent = new LinkedHashMap<>(agentBody());
            agent.put("config", parse("{\"relay\": {" + setting + "}}"));
            cases.add(BadRequest.json("POST /api/agents with config.relay " + setting, Caller.ADMIN, "POST", "/api/agents", agent, 422));
        }

        // unknown and unusable things named in bodies
        cases.add(BadRequest.json("POST /api/chats with an unknown agent_id", Caller.MEMBER, "POST", "/api/chats",
                body("agent_id", UUID.randomUUID().toString()), 404));
        cases.add(BadRequest.json("POST /api/chats with another team's agent", Caller.OTHER_TEAM_ADMIN, "POST", "/api/chats",
                body("agent_id", f.agentId().toString()), 404));
        cases.add(BadRequest.json("POST /api/chats without agent_id", Caller.MEMBER, "POST", "/api/chats", body("title", "T"), 422));
        cases.add(BadRequest.json("POST /api/chats/{chat}/messages with empty content", Caller.MEMBER, "POST",
                f.path("/api/chats/{chat}/messages"), body("content", ""), 422));
        cases.add(BadRequest.json("POST /api/chats/{chat}/messages without content", Caller.MEMBER, "POST",
                f.path("/api/chats/{chat}/messages"), body(), 422));
        cases.add(BadRequest.json("POST /api/team/invites with expires_in_hours 0", Caller.ADMIN, "POST", "/api/team/invites",
                body("expires_in_hours", 0), 422));
        cases.add(BadRequest.json("PUT /api/team/members/{member} with role owner", Caller.ADMIN, "PUT",
                f.path("/api/team/members/{member}"), body("role", "owner"), 422));
        cases.add(BadRequest.json("PUT /api/agents/{agent} with name null", Caller.ADMIN, "PUT", f.path("/api/agents/{agent}"),
                body("name", null), 422));
        cases.add(BadRequest.json("POST /api/agents with a webhook_url that is no URL", Caller.ADMIN, "POST", "/api/agents",
                body("name", "Bad URL", "webhook_url", "not a url"), 422));
        cases.add(BadRequest.json("POST /api/agents with a file: webhook_url", Caller.ADMIN, "POST", "/api/agents",
                body("name", "Bad URL", "webhook_url", "file:///etc/passwd"), 422));

        // multipart uploads
        String avatar = f.path("/api/agents/{agent}/avatar");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3};
        Multipart image = Multipart.file("file", "a.png", "image/png", png);
        String boundary = image.contentType().substring(image.contentType().indexOf("boundary=") + "boundary=".length());
        cases.add(new BadRequest("avatar upload cut off before its closing boundary", Caller.ADMIN, "POST", avatar,
                image.contentType(), Arrays.copyOf(image.body(), image.body().length - boundary.length() - 8), ANY_4XX));
        cases.add(new BadRequest("avatar upload cut off inside the part's headers", Caller.ADMIN, "POST", avatar,
                image.contentType(), Arrays.copyOf(image.body(), 60), ANY_4XX));
        cases.add(new BadRequest("avatar upload whose boundary is not the declared one", Caller.ADMIN, "POST", avatar,
                "multipart/form-data; boundary=not-the-one-used", image.body(), ANY_4XX));
        cases.add(new BadRequest("avatar upload without a boundary parameter", Caller.ADMIN, "POST", avatar,
                "multipart/form-data", image.body(), ANY_4XX));
        cases.add(new BadRequest("avatar upload with an empty body", Caller.ADMIN, "POST", avatar,
                image.contentType(), new byte[0], ANY_4XX));
        cases.add(new BadRequest("avatar upload of garbage", Caller.ADMIN, "POST", avatar,
                image.contentType(), "this is not multipart at all".getBytes(StandardCharsets.UTF_8), ANY_4XX));
        Multipart otherField = Multipart.file("picture", "a.png", "image/png", png);
        cases.add(new BadRequest("avatar upload without a 'file' field", Caller.ADMIN, "POST", avatar,
                otherField.contentType(), otherField.body(), 422));
        Multipart text = Multipart.file("file", "a.png", "image/png", "not an image".getBytes(StandardCharsets.UTF_8));
        cases.add(new BadRequest("avatar upload of a file that is no image", Caller.ADMIN, "POST", avatar,
                text.contentType(), text.body(), 415));
        Multipart empty = Multipart.file("file", "a.png", "image/png", new byte[0]);
        cases.add(new BadRequest("avatar upload of an empty file", Caller.ADMIN, "POST", avatar,
                empty.contentType(), empty.body(), ANY_4XX));
        byte[] large = Arrays.copyOf(png, 2 * 1024 * 1024 + 1);
        Multipart tooLarge = Multipart.file("file", "a.png", "image/png", large);
        cases.add(new BadRequest("avatar upload over 2 MiB", Caller.ADMIN, "POST", avatar, tooLarge.contentType(), tooLarge.body(), 413));
        cases.add(BadRequest.json("avatar upload as JSON", Caller.ADMIN, "POST", avatar, body("file", "a.png"), 415));
        for (Caller outsider : List.of(Caller.ANONYMOUS, Caller.GARBAGE_COOKIE, Caller.FORGED_BEARER)) {
            cases.add(new BadRequest("avatar upload by " + outsider, outsider, "POST", avatar, image.contentType(), image.body(), 401));
        }
        cases.add(new BadRequest("avatar upload by a member who is no admin", Caller.MEMBER, "POST", avatar,
                image.contentType(), image.body(), 403));
        cases.add(new BadRequest("avatar upload for an unknown agent", Caller.ADMIN, "POST",
                "/api/agents/" + UUID.randomUUID() + "/avatar", image.contentType(), image.body(), 404));
        cases.add(new BadRequest("avatar upload for another team's agent", Caller.OTHER_TEAM_ADMIN, "POST", avatar,
                image.contentType(), image.body(), 404));
        cases.add(new BadRequest("multipart to a JSON endpoint", Caller.ADMIN, "POST", "/api/agents",
                image.contentType(), image.body(), 415));

        // methods and paths that do not exist
        cases.add(new BadRequest("PATCH /api/chats/{chat}", Caller.MEMBER, "PATCH", f.path("/api/chats/{chat}"),
                "application/json", bytes(body("title", "T")), 405));
        cases.add(new BadRequest("DELETE /api/auth/me", Caller.MEMBER, "DELETE", "/api/auth/me", null, null, 405));
        cases.add(new BadRequest("GET /api/auth/login", Caller.ANONYMOUS, "GET", "/api/auth/login", null, null, 405));
        cases.add(new BadRequest("GET /api/no-such-thing", Caller.MEMBER, "GET", "/api/no-such-thing", null, null, 404));
        return cases;
    }

    private static BadRequest raw(String description, Caller caller, Endpoint endpoint, String path, String contentType,
                                  String body, int expected) {
        return new BadRequest(description, caller, endpoint.method(), path, contentType, body.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static ApiClient.Response send(BadRequest bad, Fixtures fixtures) {
        return fixtures.client(bad.caller()).raw(bad.method(), bad.path(), bad.contentType(), bad.body());
    }

    private static void assertClearClientError(BadRequest bad, ApiClient.Response response) {
        String shown = bad.description() + " -> " + abbreviated(response);
        assertThat(response.status()).as(shown).isBetween(400, 499);
        if (bad.expected() != ANY_4XX) {
            assertThat(response.status()).as(shown).isEqualTo(bad.expected());
        }
        assertThat(response.header("Content-Type").orElse("")).as(shown).startsWith("application/json");
        JsonNode json = parseOrNull(response.body());
        JsonNode detail = json == null ? null : json.get("detail");
        assertThat(detail != null && detail.isTextual() && !detail.asText().isBlank()).as(shown + ": a {\"detail\"} text").isTrue();
        assertThat(response.body()).as(shown).doesNotContain("Exception", "\tat ", "trace");
    }

    private static String abbreviated(ApiClient.Response response) {
        String body = response.body();
        return response.status() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    private static Map<String, Object> agentBody() {
        return body("name", "Matrix agent", "webhook_url", "http://127.0.0.1:9/webhook", "description", "For bad requests",
                "webhook_token", "token", "system_prompt", "Be brief.", "config", Map.of("temperature", 0.2),
                "is_active", true, "avatar_url", "https://example.com/avatar.png");
    }

    /** An ordered map of name/value pairs (values may be null, unlike Map.of). */
    private static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return body;
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode parseOrNull(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
