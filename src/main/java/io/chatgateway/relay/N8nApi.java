package io.chatgateway.relay;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.UpstreamHttpClient.ApiReply;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * One agent's n8n public API (its base URL, e.g. {@code http://n8n:5678/api/v1}, and an API key): the two calls a
 * stop needs, through the gateway's SSRF-guarded client, each aborted after {@value #TIMEOUT_MS} ms.
 */
final class N8nApi {

    /** One page of executions with their data, and the cursor of the next (null: none). */
    record Page(List<JsonNode> executions, String nextCursor) {
    }

    private static final int TIMEOUT_MS = 10_000;
    /** Executions are listed with their data (a webhook's request holds the chat's history): pages may be large. */
    private static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

    private final UpstreamHttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;
    private final String key;

    N8nApi(UpstreamHttpClient http, ObjectMapper json, String baseUrl, String key) {
        this.http = http;
        this.json = json;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.key = key;
    }

    /** {@code GET /executions?status=…&includeData=true}, one page. */
    Page executions(String status, String cursor, int limit) throws IOException {
        String url = baseUrl + "/executions?status=" + status + "&includeData=true&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        JsonNode page = json.readTree(send(new HttpGet(url), "list its " + status + " executions"));
        List<JsonNode> executions = new ArrayList<>();
        page.path("data").forEach(executions::add);
        JsonNode next = page.path("nextCursor");
        return new Page(executions, next.isTextual() && !next.asText().isEmpty() ? next.asText() : null);
    }

    /** {@code POST /executions/{id}/stop} (n8n 2.x). */
    void stop(String executionId) throws IOException {
        String url = baseUrl + "/executions/" + URLEncoder.encode(executionId, StandardCharsets.UTF_8) + "/stop";
        send(new HttpPost(url), "stop execution " + executionId);
    }

    private byte[] send(HttpUriRequestBase request, String what) throws IOException {
        request.setHeader("X-N8N-API-KEY", key);
        ApiReply reply = http.exchange(request, TIMEOUT_MS, MAX_PAGE_BYTES);
        if (reply.status() < 200 || reply.status() >= 300) {
            throw new IOException("n8n's API answered " + reply.status() + " when asked to " + what);
        }
        return reply.body();
    }
}
