package io.chatgateway.relay;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.UpstreamHttpClient.ApiReply;
import io.chatgateway.system.SqlStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Stops the n8n execution of a stopped generation, for agents that name their n8n's public API
 * ({@code n8n_api_url}, {@code n8n_api_key}): cutting the webhook's connection stops the relay, but n8n runs the
 * workflow (and the model it calls) to its end. n8n does not tell a webhook caller the execution's id, so the
 * webhook call carries the generation's id in a header ({@link UpstreamHttpClient#GENERATION_HEADER}), which n8n
 * keeps with the execution's data; this lists the running (and waiting) executions with their data, takes the one
 * that holds the id, and asks n8n to stop it ({@code POST /executions/{id}/stop}, n8n 2.x). The key needs the scopes
 * {@code execution:list}, {@code execution:read} and {@code execution:stop}.
 *
 * <p>In the background, after the relay was cut: a slow or unreachable n8n API never delays a stop. An execution not
 * listed yet is looked for again ({@value #ATTEMPTS} times, a second apart); one not found by then has ended.
 */
@Component
class N8nExecutions implements ExecutionStopper, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(N8nExecutions.class);

    static final int ATTEMPTS = 3;
    private static final long RETRY_DELAY_MS = 1000;
    private static final int TIMEOUT_MS = 10_000;
    /** Running executions are listed with their data (the webhook's request among it): a page may be large. */
    private static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 10;
    /** n8n's list takes one status at a time; an execution in a long Wait node is "waiting", not "running". */
    private static final List<String> UNFINISHED = List.of("running", "waiting");

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final UpstreamHttpClient http;
    private final ObjectMapper json;
    private final ThreadPoolExecutor threads;
    private final long retryDelayMs;
    private final MeterRegistry registry;

    @Autowired
    N8nExecutions(JdbcClient jdbc, SqlStatements sql, UpstreamHttpClient http, ObjectMapper json, MeterRegistry registry) {
        this(jdbc, sql, http, json, registry, RETRY_DELAY_MS);
    }

    N8nExecutions(JdbcClient jdbc, SqlStatements sql, UpstreamHttpClient http, ObjectMapper json, MeterRegistry registry,
                  long retryDelayMs) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.sql = sql;
        this.http = http;
        this.json = json;
        this.retryDelayMs = retryDelayMs;
        CustomizableThreadFactory factory = new CustomizableThreadFactory("n8n-stop-");
        factory.setDaemon(true);
        this.threads = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), factory,
                (work, pool) -> log.warn("Too many n8n executions to stop at once: one is left running"));
        this.threads.allowCoreThreadTimeOut(true);
    }

    /** The agent's n8n API, when it names one. */
    private record Api(String baseUrl, String key) {
    }

    @Override
    public void stopLater(UUID generationId, UUID agentId, UUID teamId) {
        threads.execute(() -> stop(generationId, agentId, teamId));
    }

    private void stop(UUID generationId, UUID agentId, UUID teamId) {
        try {
            Optional<Api> api = api(agentId, teamId);
            if (api.isEmpty()) {
                return;
            }
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Optional<String> execution = unfinishedExecutionOf(api.get(), generationId);
                if (execution.isPresent()) {
                    stopExecution(api.get(), execution.get(), generationId);
                    count("stopped");
                    return;
                }
                if (attempt < ATTEMPTS) {
                    Thread.sleep(retryDelayMs);
                }
            }
            log.info("No running n8n execution of generation {}: it has ended", generationId);
            count("not_found");
        } catch (IOException | RuntimeException e) {
            log.warn("The n8n execution of generation {} could not be stopped: {}", generationId, e.toString());
            count("failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code chatgateway.relay.n8n.execution.stops{outcome}}: stopped, not_found (it had ended) or failed. */
    private void count(String outcome) {
        Counter.builder("chatgateway.relay.n8n.execution.stops").description("n8n executions asked to stop, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    private Optional<Api> api(UUID agentId, UUID teamId) {
        return jdbc.sql(sql.get("agent/n8n-api")).param("agent_id", agentId).param("team_id", teamId)
                .query((rs, row) -> new Api(trimSlash(rs.getString("n8n_api_url")), rs.getString("n8n_api_key")))
                .optional();
    }

    /**
     * The id of the running (or, in a Wait node, waiting) execution whose data holds the generation's id, following
     * n8n's pages.
     */
    private Optional<String> unfinishedExecutionOf(Api api, UUID generationId) throws IOException {
        for (String status : UNFINISHED) {
            Optional<String> execution = executionOf(api, status, generationId.toString());
            if (execution.isPresent()) {
                return execution;
            }
        }
        return Optional.empty();
    }

    private Optional<String> executionOf(Api api, String status, String wanted) throws IOException {
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = api.baseUrl() + "/executions?status=" + status + "&includeData=true&limit=" + PAGE_SIZE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode list = json.readTree(send(api, new HttpGet(url), "list its running executions"));
            for (JsonNode execution : list.path("data")) {
                if (execution.toString().contains(wanted) && execution.hasNonNull("id")) {
                    return Optional.of(execution.get("id").asText());
                }
            }
            cursor = list.path("nextCursor").isTextual() ? list.get("nextCursor").asText() : null;
            if (cursor == null || cursor.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void stopExecution(Api api, String execution, UUID generationId) throws IOException {
        String url = api.baseUrl() + "/executions/" + URLEncoder.encode(execution, StandardCharsets.UTF_8) + "/stop";
        send(api, new HttpPost(url), "stop execution " + execution);
        log.info("Stopped n8n execution {} of generation {}", execution, generationId);
    }

    private byte[] send(Api api, ClassicHttpRequest request, String what) throws IOException {
        request.setHeader("X-N8N-API-KEY", api.key());
        ApiReply reply = http.exchange(request, TIMEOUT_MS, MAX_PAGE_BYTES);
        if (reply.status() < 200 || reply.status() >= 300) {
            throw new IOException("n8n's API answered " + reply.status() + " when asked to " + what);
        }
        return reply.body();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
