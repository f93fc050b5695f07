package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.Multipart;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class AgentAvatarTest extends ApiTestBase {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3};
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    static final byte[] GIF = "GIF89a-rest-of-image".getBytes(StandardCharsets.US_ASCII);
    static final byte[] WEBP = "RIFF\0\0\0\0WEBPVP8 rest".getBytes(StandardCharsets.US_ASCII);

    Account admin;
    String agentId;

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
        agentId = admin.client().post("/api/agents", AgentApiTest.agentBody("pictured")).json().get("id").asText();
    }

    ApiClient.Response upload(ApiClient client, String id, String fileName, String declaredType, byte[] content) {
        Multipart multipart = Multipart.file("file", fileName, declaredType, content);
        return client.raw("POST", "/api/agents/" + id + "/avatar", multipart.contentType(), multipart.body());
    }

    @Test
    void uploadStoresTheImageInPostgresAndServesItWithCacheHeaders() {
        ApiClient.Response uploaded = upload(admin.client(), agentId, "me.bin", "application/octet-stream", PNG);

        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        assertThat(uploaded.json().get("avatar_url").asText()).isEqualTo("/api/agents/" + agentId + "/avatar");
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT team_id, content_type, content FROM agent_avatars WHERE agent_id = ?::uuid", agentId);
        assertThat(row.get("team_id")).isEqualTo(admin.teamId());
        assertThat(row.get("content_type")).isEqualTo("image/png");
        assertThat((byte[]) row.get("content")).isEqualTo(PNG);
        assertThat(jdbc.queryForObject("SELECT avatar_url FROM agents WHERE id = ?::uuid", String.class, agentId))
                .isEqualTo("/api/agents/" + agentId + "/avatar");

        // every member of the team may see it
        Account member = accounts.newMember(admin, "user");
        HttpResponse<byte[]> image = getBytes(member.client(), agentId, null);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(PNG);
        assertThat(image.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/png"));
        assertThat(image.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("private"));
        String etag = image.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> notModified = getBytes(member.client(), agentId, etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        // a new image gets a new ETag
        assertThat(upload(admin.client(), agentId, "me.gif", "image/gif", GIF).status()).isEqualTo(200);
        HttpResponse<byte[]> changed = getBytes(member.client(), agentId, etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(GIF);
        assertThat(changed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/gif"));
        assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(etag);
    }

    private static HttpResponse<byte[]> getBytes(ApiClient client, String id, String ifNoneMatch) {
        var request = client.request("/api/agents/" + id + "/avatar").GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            return ApiClient.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyAcceptedFormatIsRecognisedByItsContent() {
        Map<byte[], String> formats = Map.of(PNG, "image/png", JPEG, "image/jpeg", GIF, "image/gif", WEBP, "image/webp");
        formats.forEach((content, type) -> {
            assertThat(upload(admin.client(), agentId, "avatar", "application/octet-stream", content).status()).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT content_type FROM agent_avatars WHERE agent_id = ?::uuid", String.class, agentId))
                    .isEqualTo(type);
        });
    }

    @Test
    void contentThatIsNotAnAcceptedImageIs415WhateverItsNameOrDeclaredType() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        ApiClient.Response refused = upload(admin.client(), agentId, "avatar.png", "image/png", svg);
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.json().get("detail").asText()).contains("PNG");
        assertThat(upload(admin.client(), agentId, "a.png", "image/png", new byte[0]).status()).isEqualTo(415);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agent_avatars WHERE agent_id = ?::uuid", Integer.class, agentId)).isZero();
    }

    @Test
    void imagesOverTheLimitAre413AsJson() {
        byte[] big = Arrays.copyOf(PNG, 2 * 1024 * 1024 + 1);
        ApiClient.Response refused = upload(admin.client(), agentId, "big.png", "image/png", big);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.json().get("detail")).as(refused + " " + refused.http().headers().map()).isNotNull();
        assertThat(refused.json().get("detail").asText()).isNotBlank();

        byte[] bigger = Arrays.copyOf(PNG, 3 * 1024 * 1024);
        ApiClient.Response alsoRefused = upload(admin.client(), agentId, "bigger.png", "image/png", bigger);
        assertThat(alsoRefused.status()).as(alsoRefused.toString()).isEqualTo(413);
        assertThat(alsoRefused.json().get("detail").asText()).isNotBlank();

        byte[] atTheLimit = Arrays.copyOf(PNG, 2 * 1024 * 1024);
        assertThat(upload(admin.client(), agentId, "max.png", "image/png", atTheLimit).status()).isEqualTo(200);
    }

    @Test
    void uploadMustBeMultipartWithAFileField() {
        ApiClient.Response json = admin.client().post("/api/agents/" + agentId + "/avatar", Map.of("file", "x"));
        assertThat(json.status()).isEqualTo(415);
        ApiClient.Response raw = admin.client().raw("POST", "/api/agents/" + agentId + "/avatar", "image/png", PNG);
        assertThat(raw.status()).isEqualTo(415);
        Multipart wrongField = Multipart.file("image", "a.png", "image/png", PNG);
        ApiClient.Response missing = admin.client().raw("POST", "/api/agents/" + agentId + "/avatar",
                wrongField.contentType(), wrongField.body());
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("file");
    }

    @Test
    void aBrokenMultipartBodyIs400WithoutAStackTrace(CapturedOutput output) {
        Multipart upload = Multipart.file("file", "a.png", "image/png", PNG);
        byte[] truncated = Arrays.copyOf(upload.body(), upload.body().length - 20);
        int logged = output.getAll().length();

        ApiClient.Response cut = admin.client().raw("POST", "/api/agents/" + agentId + "/avatar", upload.contentType(), truncated);
        ApiClient.Response noBoundary = admin.client().raw("POST", "/api/agents/" + agentId + "/avatar", "multipart/form-data", upload.body());
        ApiClient.Response wrongBoundary = admin.client().raw("POST", "/api/agents/" + agentId + "/avatar",
                "multipart/form-data; boundary=not-the-one-in-the-body", upload.body());

        for (ApiClient.Response response : List.of(cut, noBoundary)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.json().get("detail").asText()).startsWith("The upload is not readable multipart/form-data");
        }
        // the body holds no part the Content-Type's boundary opens: no 'file' field
        assertThat(wrongBoundary.status()).as(wrongBoundary.toString()).isEqualTo(422);
        assertThat(wrongBoundary.json().get("errors").get(0).get("field").asText()).isEqualTo("file");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agent_avatars WHERE agent_id = ?::uuid", Integer.class, agentId)).isZero();
        String log = output.getAll().substring(logged);
        assertThat(log).doesNotContain("\tat ").doesNotContain("ERROR").doesNotContain("MultipartException");
    }

    @Test
    void noAvatarOrNoAgentIs404AndMembersCannotUpload() {
        assertThat(admin.client().get("/api/agents/" + agentId + "/avatar").status()).isEqualTo(404);
        assertThat(upload(admin.client(), UUID.randomUUID().toString(), "a.png", "image/png", PNG).status()).isEqualTo(404);
        assertThat(upload(admin.client(), "not-a-uuid", "a.png", "image/png", PNG).status()).isEqualTo(404);

        Account member = accounts.newMember(admin, "user");
        ApiClient.Response forbidden = upload(member.client(), agentId, "a.png", "image/png", PNG);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agent_avatars WHERE agent_id = ?::uuid", Integer.class, agentId)).isZero();

        assertThat(upload(admin.client(), agentId, "a.png", "image/png", PNG).status()).isEqualTo(200);
        assertThat(admin.client().delete("/api/agents/" + agentId).status()).isEqualTo(204);
        assertThat(admin.client().get("/api/agents/" + agentId + "/avatar").status()).isEqualTo(404);
    }
}
