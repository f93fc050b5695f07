package bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What run.sh started and the bench loads: the mock ("direct"), nginx in front of it, the gateway with its
 * accounts, agents and chats, PostgreSQL's process, and the gateway's management port.
 */
final class Stack {

    static final long SELF = ProcessHandle.current().pid();

    final List<Target> targets = new ArrayList<>();
    final Target direct;
    final Target nginx;
    final Target gateway;
    final long dbPid;
    final String webhookBase;
    final GatewaySetup setup;
    /** whether the gateway still works; null without a gateway */
    final GatewayWatch watch;
    /** a second instance of the gateway on the same database (B10), null when run.sh did not start one */
    final Target gatewayB;
    /** whether the second instance still works; null without one */
    final GatewayWatch watchB;
    /** the gateway's metrics; null without a management port */
    final Prometheus metrics;
    private final URI management;
    private final Report report;
    private final Map<StreamSpec, String> agents = new HashMap<>();
    private boolean probed;
    private String streamsMissing;

    Stack(Options options, Report report) {
        this.report = report;
        direct = new Target("direct", URI.create(options.get("mock")), options.pid("mock-pid"));
        targets.add(direct);
        nginx = options.has("nginx") ? new Target("nginx", URI.create(options.get("nginx")), options.pid("nginx-pid"))
                : null;
        if (nginx != null) {
            targets.add(nginx);
        }
        if (options.has("gateway")) {
            gateway = new Target("gateway", URI.create(options.get("gateway")), options.pid("gateway-pid"));
            targets.add(gateway);
            String psql = System.getenv("BENCH_PSQL");
            setup = new GatewaySetup(gateway.base(),
                    psql == null || psql.isBlank() ? null : new GatewaySetup.Psql(List.of(psql.trim().split("\\s+"))),
                    System.getenv("BENCH_JWT_SECRET"));
        } else {
            gateway = null;
            setup = null;
        }
        watch = gateway == null ? null : new GatewayWatch(gateway.pid(), gateway.base(),
                options.has("gateway-log") ? Path.of(options.get("gateway-log")) : null);
        gatewayB = gateway != null && options.has("gateway-b")
                ? new Target("gateway B", URI.create(options.get("gateway-b")), options.pid("gateway-b-pid")) : null;
        watchB = gatewayB == null ? null : new GatewayWatch(gatewayB.pid(), gatewayB.base(),
                options.has("gateway-b-log") ? Path.of(options.get("gateway-b-log")) : null);
        management = options.has("management") ? URI.create(options.get("management")) : null;
        metrics = management == null ? null : new Prometheus(management);
        dbPid = options.pid("db-pid");
        webhookBase = options.get("mock");
    }

    /** the targets a streaming scenario runs against: the gateway only where it can relay */
    List<Target> streamTargets() {
        List<Target> ts = new ArrayList<>();
        for (Target t : targets) {
            if (t != gateway || gatewayStreams()) {
                ts.add(t);
            }
        }
        return ts;
    }

    /** whether the gateway relays: probed once with one send, the answer saying why not goes into the report */
    boolean gatewayStreams() {
        if (gateway == null) {
            return false;
        }
        if (!probed) {
            probed = true;
            try {
                String agent = agentFor(new StreamSpec("ndjson", 2, 1, 0));
                GatewaySetup.User u = setup.users(1).get(0);
                List<List<String>> chats = setup.chats(List.of(u), agent, 1);
                try (Client c = setup.client(u, 30_000)) {
                    Client.Result r = c.exchange("POST", "/api/chats/" + chats.get(0).get(0) + "/messages",
                            "application/json", "text/event-stream", "{\"content\":\"probe\"}", false);
                    if (!r.ok() || r.messages != 2) {
                        streamsMissing = "relay probe failed: HTTP " + r.status + " " + r.error + ", " + r.messages
                                + " of 2 message events";
                    }
                }
            } catch (Exception e) {
                streamsMissing = "gateway streaming set-up failed: " + e.getMessage();
            }
            if (streamsMissing != null) {
                Bench.log("gateway streaming scenarios skipped: " + streamsMissing);
                report.body.append("\n> Gateway streaming scenarios not measured: ").append(streamsMissing)
                        .append(".\n\n");
            }
        }
        return streamsMissing == null;
    }

    /** why the gateway has no figures in a streaming scenario */
    String gatewayMissing() {
        return gateway == null ? "gateway not run" : "not measured (" + streamsMissing + ")";
    }

    /** an agent whose webhook streams {@code spec}, created once per spec */
    String agentFor(StreamSpec spec) {
        return agents.computeIfAbsent(spec, s -> setup.agent("bench " + s.mode() + " " + s.tokens() + "x"
                + s.delayMs(), webhookBase + s.webhookPath()));
    }

    /** {@code clients} lanes for {@code target}; a gateway lane is a user with {@code chatsEach} chats */
    List<Lane> lanes(Target target, StreamSpec spec, int clients, int chatsEach) throws Exception {
        List<Lane> lanes = new ArrayList<>();
        int readTimeout = spec.ttftMs() + spec.delayMs() + 30_000;
        if (target != gateway) {
            for (int i = 0; i < clients; i++) {
                lanes.add(new Lane(new Client(target.base(), readTimeout), new String[] {spec.webhookPath()},
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello bench\",\"timestamp\":"
                                + "\"2025-01-01T00:00:00Z\"}],\"session_id\":\"bench-" + i + "\"}"));
            }
            return lanes;
        }
        String agent = agentFor(spec);
        List<GatewaySetup.User> users = setup.users(clients);
        List<List<String>> chats = setup.chats(users, agent, chatsEach);
        for (int i = 0; i < clients; i++) {
            String[] paths = chats.get(i).stream().map(id -> "/api/chats/" + id + "/messages").toArray(String[]::new);
            lanes.add(new Lane(setup.client(users.get(i), readTimeout), paths, "{\"content\":\"Hello bench\"}"));
        }
        return lanes;
    }

    /** the mock's {connections accepted, answers given} so far */
    long[] mockStats() {
        try (Client c = new Client(direct.base(), 5_000)) {
            Client.Result r = c.exchange("GET", "/stats", null, "application/json", null, true);
            Matcher m = Pattern.compile("\\d+").matcher(r.body == null ? "" : r.body);
            long[] v = new long[2];
            for (int i = 0; i < 2 && m.find(); i++) {
                v[i] = Long.parseLong(m.group());
            }
            return v;
        }
    }

    /** the HTTP status of the gateway's readiness probe (0: no answer, -1: no management port) */
    int readiness() {
        if (management == null) {
            return -1;
        }
        try (Client c = new Client(management, 5_000)) {
            return c.exchange("GET", "/actuator/health/readiness", null, "application/json", null, true).status;
        }
    }
}
