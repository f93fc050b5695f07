package bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * B10 (issue 13, "Stop"): how long a stop takes, sent to the other instance (gateway B, same jar, same PostgreSQL)
 * and, as the baseline, to the instance that runs the generation (A). Each stop: a send on A whose mock answer is
 * long (200 tokens × 50 ms); after its first piece and a random pause of up to half a second, {@code POST
 * /api/chats/{id}/stop} (with the {@code X-Generation-Id} of the send) to B or A. Measured from the moment the
 * stop request is written: (a) until A's stream ends with {@code {"type":"done",...,"reason":"stopped"}}, and (b)
 * until the mock sees the gateway close its connection (the webhook path ends in {@code /watch}, see
 * {@link MockN8n}; both processes read CLOCK_MONOTONIC). Issue 13's target: p99 ≤ 1 s across two instances.
 */
final class StopLatency extends Scenario {

    private static final byte[] MESSAGE = Wire.ascii("\"type\":\"message\"");
    private static final byte[] DONE = Wire.ascii("\"type\":\"done\"");
    private static final byte[] STOPPED = Wire.ascii("\"reason\":\"stopped\"");
    private static final byte[] ERROR = Wire.ascii("\"type\":\"error\"");
    private static final long SECOND = 1_000_000_000L;

    /** one stop: times in ns from writing the stop request, -1 when it did not happen */
    private static final class Outcome {
        String chatId;
        long stopSent;
        long stopAnswered = -1;
        int stopStatus;
        long done = -1;
        long closed = -1;
        String error;
    }

    StopLatency(Context context) {
        super(context, "B10");
    }

    @Override
    void run() throws Exception {
        body.append("\n## B10 — stop latency across two instances (issue 13)\n\n");
        String target = "stop sent to the other instance → stream ends \"stopped\", p99 ≤ 1 s";
        if (!gatewayRelays(target)) {
            return;
        }
        int stops = option("b10-stops", 100, 6);
        int concurrency = Math.max(1, Math.min(stops, option("b10-concurrency", 10, 2)));
        StreamSpec spec = new StreamSpec("ndjson", option("b10-tokens", 200, 200), option("b10-delay", 50, 50), 0);
        String agent = stack.setup.agent("bench stop " + spec.tokens() + "x" + spec.delayMs(),
                stack.webhookBase + spec.webhookPath() + "/watch");
        List<GatewaySetup.User> users = stack.setup.users(concurrency);
        body.append(stops).append(" stops per row, ").append(concurrency).append(" at a time, each a send on gateway A (")
                .append(stack.gateway.base()).append(") streaming ").append(spec)
                .append("; after its first piece and a random pause of 0–500 ms, `POST /api/chats/{id}/stop` with ")
                .append("its `generation_id`. Times from writing the stop request: until A's stream ends with ")
                .append("`done` / `reason: stopped`, and until the mock sees the gateway close its connection to n8n. ")
                .append(option("b10-warmup", 50, 0) > 0 && stack.gatewayB != null ? "Before the rows, "
                        + option("b10-warmup", 50, 0) + " stops through B unrecorded (B's warm-up: the bench's warm-up "
                        + "ran on A only). " : "")
                .append("Gateway B: ").append(stack.gatewayB == null ? "**not started** (run.sh starts it when the "
                        + "scenario set includes B10)" : stack.gatewayB.base() + ", same jar and database")
                .append(".\n\n| stop sent to | stops | ended \"stopped\" | other endings | stop answered 202, p50 / p99 ")
                .append("(ms) | → done \"stopped\" p50 / p95 / p99 / max (ms) | → n8n connection closed p50 / p95 / p99")
                .append(" / max (ms) |\n|---|---|---|---|---|---|---|\n");
        Map<String, List<Outcome>> rows = new LinkedHashMap<>();
        int warmup = option("b10-warmup", 50, 0);
        if (stack.gatewayB != null && warmup > 0) {
            // gateway B has served nothing before: the bench's warm-up ran on A only, and a JVM's first requests
            // (class loading, the JIT) take a second and more; these stops are not recorded
            phase(stack.gatewayB.base(), users, agent, warmup, concurrency, spec);
        }
        if (stack.gatewayB != null) {
            rows.put("B (the other instance)", phase(stack.gatewayB.base(), users, agent, stops, concurrency, spec));
        }
        rows.put("A (the instance running it)", phase(stack.gateway.base(), users, agent, stops, concurrency, spec));
        Map<String, Long> closedAt = mockClosed();
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, Stats[]> stats = new HashMap<>();
        for (Map.Entry<String, List<Outcome>> row : rows.entrySet()) {
            List<Outcome> outcomes = row.getValue();
            long[] done = new long[outcomes.size()];
            long[] closed = new long[outcomes.size()];
            long[] answered = new long[outcomes.size()];
            int nDone = 0;
            int nClosed = 0;
            int nAnswered = 0;
            Map<String, Integer> errors = new LinkedHashMap<>();
            for (Outcome o : outcomes) {
                Long at = o.chatId == null ? null : closedAt.get(o.chatId);
                if (at != null && o.stopSent > 0) {
                    o.closed = at - o.stopSent;
                    closed[nClosed++] = o.closed;
                } else if (o.error == null && o.done >= 0) {
                    errors.merge("n8n connection not closed before the answer's end", 1, Integer::sum);
                }
                if (o.stopStatus == 202) {
                    answered[nAnswered++] = o.stopAnswered;
                }
                if (o.error == null) {
                    done[nDone++] = o.done;
                } else {
                    errors.merge(o.error, 1, Integer::sum);
                }
            }
            Stats d = new Stats(done, nDone);
            Stats c = new Stats(closed, nClosed);
            Stats a = new Stats(answered, nAnswered);
            stats.put(row.getKey(), new Stats[] {d, c});
            int others = outcomes.size() - nDone;
            body.append("| ").append(row.getKey()).append(" | ").append(outcomes.size()).append(" | ").append(nDone)
                    .append(" | ").append(others).append(" | ").append(Stats.fmtMs(a.p(50))).append(" / ")
                    .append(Stats.fmtMs(a.p(99))).append(" | ").append(percentiles(d)).append(" | ")
                    .append(percentiles(c)).append(" |\n");
            if (!errors.isEmpty()) {
                kinds.put(row.getKey(), errors.toString());
            }
        }
        kinds.forEach((row, errors) -> body.append("\nStop sent to ").append(row).append(", what else happened: ")
                .append(errors).append('\n'));
        if (stack.gatewayB == null) {
            verdict(target, "not measured (no second instance)", null);
            return;
        }
        String acrossRow = rows.keySet().iterator().next();
        List<Outcome> acrossOutcomes = rows.get(acrossRow);
        Stats[] across = stats.get(acrossRow);
        int failures = acrossOutcomes.size() - across[0].count();
        verdict(target, "p99 " + Stats.fmtMs(across[0].p(99)) + " ms (max " + Stats.fmtMs(across[0].max())
                        + " ms), " + across[0].count() + " of " + acrossOutcomes.size() + " ended \"stopped\"",
                Report.judged(across[0].count() > 0, failures == 0 && across[0].p(99) <= SECOND));
        verdict("stop sent to the other instance → n8n connection closed, p99 ≤ 1 s",
                "p99 " + Stats.fmtMs(across[1].p(99)) + " ms (max " + Stats.fmtMs(across[1].max()) + " ms), "
                        + across[1].count() + " of " + acrossOutcomes.size() + " seen closed by the mock",
                Report.judged(across[1].count() > 0,
                        across[1].count() == acrossOutcomes.size() && across[1].p(99) <= SECOND));
    }

    private static String percentiles(Stats s) {
        if (s.count() == 0) {
            return "—";
        }
        return Stats.fmtMs(s.p(50)) + " / " + Stats.fmtMs(s.p(95)) + " / " + Stats.fmtMs(s.p(99)) + " / "
                + Stats.fmtMs(s.max());
    }

    /** {@code stops} stops sent to {@code stopTo}, {@code concurrency} lanes, each stop in a fresh chat */
    private List<Outcome> phase(URI stopTo, List<GatewaySetup.User> users, String agent, int stops, int concurrency,
                                StreamSpec spec) throws Exception {
        int perLane = (stops + concurrency - 1) / concurrency;
        List<List<String>> chats = stack.setup.chats(users, agent, perLane);
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> lanes = new ArrayList<>();
        long deadline = System.nanoTime() + (long) stops * (spec.answerMillis() + 5_000) * 1_000_000L / concurrency
                + 60 * SECOND;
        for (int lane = 0; lane < concurrency; lane++) {
            GatewaySetup.User user = users.get(lane);
            int first = lane * perLane;
            List<String> laneChats = chats.get(lane);
            lanes.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perLane && first + i < stops && System.nanoTime() < deadline; i++) {
                    outcomes.add(stopOne(user, laneChats.get(i), stopTo, spec));
                }
            }));
        }
        for (Thread t : lanes) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return new ArrayList<>(outcomes);
    }

    /** one send on A, stopped through {@code stopTo} after its first piece */
    private Outcome stopOne(GatewaySetup.User user, String chatId, URI stopTo, StreamSpec spec) {
        Outcome o = new Outcome();
        o.chatId = chatId;
        URI a = stack.gateway.base();
        CountDownLatch firstPiece = new CountDownLatch(1);
        String[] generationId = {null};
        long[] doneAt = {-1};
        String[] ending = {null};
        int readTimeout = (int) spec.answerMillis() + 30_000;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(a.getHost(), a.getPort()), Client.CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(readTimeout);
            OutputStream out = socket.getOutputStream();
            byte[] payload = "{\"content\":\"Stop me\"}".getBytes(StandardCharsets.UTF_8);
            out.write(("POST /api/chats/" + chatId + "/messages HTTP/1.1\r\nHost: " + a.getHost() + ":" + a.getPort()
                    + "\r\nUser-Agent: chat-gateway-bench\r\nAccept: text/event-stream\r\nCookie: access_token="
                    + user.cookie() + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            Wire wire = new Wire(socket.getInputStream());
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    Wire.Head head = wire.readHead();
                    if (head == null) {
                        ending[0] = "connection closed before the answer";
                        return;
                    }
                    int status = Integer.parseInt(head.firstLine().split(" ", 3)[1]);
                    if (status != 200) {
                        ending[0] = "send answered HTTP " + status;
                        return;
                    }
                    generationId[0] = head.header("x-generation-id");
                    wire.readBody(head, true, (line, length, nanos) -> {
                        if (Wire.contains(line, length, MESSAGE)) {
                            firstPiece.countDown();
                        } else if (Wire.contains(line, length, DONE) && doneAt[0] < 0) {
                            doneAt[0] = nanos;
                            ending[0] = Wire.contains(line, length, STOPPED) ? null : "ended without being stopped";
                        } else if (Wire.contains(line, length, ERROR) && doneAt[0] < 0) {
                            doneAt[0] = nanos;
                            ending[0] = "error event";
                        }
                    });
                    if (doneAt[0] < 0) {
                        ending[0] = "stream ended without a done event";
                    }
                } catch (IOException | RuntimeException e) {
                    ending[0] = Wire.isTimeout(e) ? "read timeout" : e.getClass().getSimpleName();
                } finally {
                    firstPiece.countDown();
                }
            });
            if (!firstPiece.await(readTimeout, TimeUnit.MILLISECONDS) || doneAt[0] >= 0 || ending[0] != null) {
                reader.join(readTimeout);
                o.error = ending[0] != null ? ending[0] : "no first piece";
                return o;
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(501));
            try (Client stopper = new Client(stopTo, 30_000)) {
                stopper.cookie = user.cookie();
                String stopBody = generationId[0] == null ? "{}" : "{\"generation_id\":\"" + generationId[0] + "\"}";
                o.stopSent = System.nanoTime();
                Client.Result r = stopper.exchange("POST", "/api/chats/" + chatId + "/stop", "application/json",
                        "application/json", stopBody, true);
                o.stopStatus = r.status;
                o.stopAnswered = r.total;
                if (r.status != 202) {
                    o.error = "stop answered HTTP " + r.status + (r.error != null ? " " + r.error : "");
                }
            }
            reader.join(readTimeout);
            if (o.error == null) {
                o.error = ending[0] != null ? ending[0] : doneAt[0] < 0 ? "no done event in time" : null;
            }
            if (doneAt[0] >= 0) {
                o.done = doneAt[0] - o.stopSent;
            }
        } catch (IOException e) {
            o.error = Wire.isTimeout(e) ? "read timeout" : e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o.error = "interrupted";
        }
        return o;
    }

    /** chat id → when the mock saw the gateway close a watched connection (nanoTime, CLOCK_MONOTONIC) */
    private Map<String, Long> mockClosed() {
        Map<String, Long> closed = new HashMap<>();
        try (Client c = new Client(stack.direct.base(), 10_000)) {
            Client.Result r = c.exchange("GET", "/closed", null, "text/plain", null, true);
            for (String line : (r.body == null ? "" : r.body).split("\n")) {
                String[] p = line.trim().split(" ");
                if (p.length == 2) {
                    closed.put(p[0], Long.parseLong(p[1]));
                }
            }
        }
        return closed;
    }
}
