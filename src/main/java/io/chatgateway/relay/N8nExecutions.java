package io.chatgateway.relay;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.SqlStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Stops the n8n execution of a generation that was stopped, or that the gateway gave up on while n8n was still
 * answering ({@link RelayError#leavesExecutionRunning}), for agents that name their n8n's public API
 * ({@code n8n_api_url}, {@code n8n_api_key}; {@link N8nApi}): cutting the webhook's connection stops the relay, but
 * n8n runs the workflow (and the model it calls) to its end. n8n does not tell a webhook caller the execution's id,
 * so the webhook call carries the generation's id in a header ({@link UpstreamHttpClient#GENERATION_HEADER}), which
 * n8n keeps with the execution's data; this lists the running (then waiting) executions with their data, takes the
 * one whose request had that header with that id, and asks n8n to stop it. The key needs the scopes
 * {@code execution:list}, {@code execution:read} and {@code execution:stop}.
 *
 * <p>In the background, after the relay was cut: a slow or unreachable n8n API never delays a stop, and one team's
 * n8n holds at most {@value #PER_TEAM} of the threads. An execution not listed yet is looked for again
 * ({@value #ATTEMPTS} times, a second apart), and so is one whose listing failed; one not found by then has ended.
 */
@Component
class N8nExecutions implements ExecutionStopper, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(N8nExecutions.class);

    static final int ATTEMPTS = 3;
    private static final long RETRY_DELAY_MS = 1000;
    private static final int THREADS = 8;
    private static final int PER_TEAM = 2;
    private static final int PAGE_SIZE = 20;
    private static final int MAX_PAGES = 25;
    /** n8n's list takes one status at a time; an execution in a long Wait node is "waiting", not "running". */
    private static final List<String> UNFINISHED = List.of("running", "waiting");

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final UpstreamHttpClient http;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final long retryDelayMs;
    private final ThreadPoolExecutor threads;
    private final Map<UUID, AtomicInteger> busyPerTeam = new ConcurrentHashMap<>();

    @Autowired
    N8nExecutions(JdbcClient jdbc, SqlStatements sql, UpstreamHttpClient http, ObjectMapper json, MeterRegistry registry) {
        this(jdbc, sql, http, json, registry, RETRY_DELAY_MS);
    }

    N8nExecutions(JdbcClient jdbc, SqlStatements sql, UpstreamHttpClient http, ObjectMapper json, MeterRegistry registry,
                  long retryDelayMs) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.http = http;
        this.json = json;
        this.registry = registry;
        this.retryDelayMs = retryDelayMs;
        CustomizableThreadFactory factory = new CustomizableThreadFactory("n8n-stop-");
        factory.setDaemon(true);
        this.threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                factory, new ThreadPoolExecutor.AbortPolicy());
        this.threads.allowCoreThreadTimeOut(true);
    }

    @Override
    public void stopLater(UUID generationId, UUID agentId, UUID teamId) {
        AtomicInteger busy = busyPerTeam.computeIfAbsent(teamId, team -> new AtomicInteger());
        if (busy.incrementAndGet() > PER_TEAM) {
            busy.decrementAndGet();
            refused(generationId, "its team's n8n is slow to answer the stops before it");
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    stop(generationId, agentId, teamId);
                } finally {
                    busy.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            busy.decrementAndGet();
            refused(generationId, threads.isShutdown() ? "the service is stopping" : "too many stops at once");
        }
    }

    private void refused(UUID generationId, String why) {
        log.warn("The n8n execution of generation {} is left running: {}", generationId, why);
        count("refused");
    }

    private void stop(UUID generationId, UUID agentId, UUID teamId) {
        Optional<N8nApi> api;
        try {
            api = api(agentId, teamId);
        } catch (RuntimeException e) {
            failed(generationId, e);
            return;
        }
        if (api.isEmpty()) {
            log.debug("Generation {}: its agent names no n8n API, its execution is left running", generationId);
            return;
        }
        Exception lastFailure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Optional<String> execution = unfinishedExecutionOf(api.get(), generationId.toString());
                if (execution.isPresent()) {
                    api.get().stop(execution.get());
                    log.info("Stopped n8n execution {} of generation {}", execution.get(), generationId);
                    count("stopped");
                    return;
                }
                lastFailure = null;
            } catch (IOException | RuntimeException e) {
                // a timeout too (an InterruptedIOException): the next attempt may get through
                lastFailure = e;
            }
            if (attempt < ATTEMPTS && !pause()) {
                log.warn("The n8n execution of generation {} is left running: the service is stopping", generationId);
                count("refused");
                return;
            }
        }
        if (lastFailure != null) {
            failed(generationId, lastFailure);
        } else {
            log.info("No running n8n execution of generation {}: it has ended", generationId);
            count("not_found");
        }
    }

    /** Waits before the next attempt; false when the service is stopping. */
    private boolean pause() {
        try {
            Thread.sleep(retryDelayMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void failed(UUID generationId, Exception e) {
        log.warn("The n8n execution of generation {} could not be stopped: {}", generationId, e.toString());
        count("failed");
    }

    private Optional<N8nApi> api(UUID agentId, UUID teamId) {
        return jdbc.sql(sql.get("agent/n8n-api")).param("agent_id", agentId).param("team_id", teamId)
                .query((rs, row) -> new N8nApi(http, json, rs.getString("n8n_api_url"), rs.getString("n8n_api_key")))
                .optional();
    }

    /** The id of the running or waiting execution whose webhook request carried the generation's id. */
    private static Optional<String> unfinishedExecutionOf(N8nApi api, String generationId) throws IOException {
        for (String status : UNFINISHED) {
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                N8nApi.Page listed = api.executions(status, cursor, PAGE_SIZE);
                for (JsonNode execution : listed.executions()) {
                    if (execution.hasNonNull("id") && carries(execution, generationId)) {
                        return Optional.of(execution.get("id").asText());
                    }
                }
                cursor = listed.nextCursor();
                if (cursor == null) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the execution's data has the header with exactly this id: an id that a message, a document or another
     * workflow's data merely mentions does not count (generation ids are shown to clients).
     */
    static boolean carries(JsonNode node, String generationId) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                // n8n keeps a request's headers as Node.js names them: in lower case
                if (field.getKey().equalsIgnoreCase(UpstreamHttpClient.GENERATION_HEADER)
                        && generationId.equals(field.getValue().asText())) {
                    return true;
                }
                if (field.getValue().isContainerNode() && carries(field.getValue(), generationId)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (carries(element, generationId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code chatgateway.relay.n8n.execution.stops{outcome}}: stopped, not_found (it had ended), failed, refused. */
    private void count(String outcome) {
        Counter.builder("chatgateway.relay.n8n.execution.stops").description("n8n executions asked to stop, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
