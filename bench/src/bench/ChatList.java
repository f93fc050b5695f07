package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * B5: {@code GET /api/chats} by many signed-in users at once — throughput, latency and the gateway's CPU per
 * request (C7), beside a static list from the mock and a request that Spring Security refuses (the floor of
 * the stack).
 */
final class ChatList extends Scenario {

    private static final String PATH = "/api/chats";

    ChatList(Context context) {
        super(context, "B5");
    }

    @Override
    void run() throws Exception {
        int clients = option("b5-clients", 50, 5);
        int chatsEach = option("b5-chats", 20, 20);
        int seconds = option("b5-seconds", 10, 2);
        // the list of 20 chats is code the general warm-up barely runs: measured after 1 s, C7 read 0.6 ms per
        // request while the JIT was still compiling it; after 30 s of the same load, 0.3 ms (bench/results)
        int gatewayWarmup = option("b5-warmup", 30, 1);
        body.append("\n## B5 — CRUD: `GET /api/chats`, ").append(clients).append(" concurrent clients\n\n");
        int listStatus = stack.gateway == null ? 0 : stack.setup.chatsEndpointStatus();
        if (stack.gateway != null && listStatus != 200) {
            body.append("> **`GET /api/chats` answered HTTP ").append(listStatus).append(": the gateway is not ")
                    .append("measured.**\n\n");
        }
        body.append("Each client its own user with ").append(chatsEach).append(" chats (gateway); keep-alive; ")
                .append(seconds).append(" s measured after ").append(gatewayWarmup).append(" s of the same load ")
                .append("unrecorded (gateway; 1 s for the others). direct/nginx answer a static ")
                .append("JSON list of about the same size from the mock: the floor of HTTP on this machine. ")
                .append("\"gateway, refused\": the same request without a session cookie, which Spring Security ")
                .append("answers 401 (Tomcat, the servlet filters, Spring Security, a small JSON error; no Camel, no ")
                .append("SQL): the least any API request costs on this stack. CPU per request: the target's process, ")
                .append("the load generator's and PostgreSQL's.\n\n")
                .append("| target | path | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | errors ")
                .append("| target CPU (ms/req) | load generator CPU (ms/req) | PostgreSQL CPU (ms/req) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        CrudLoad crud = new CrudLoad(stack);
        for (Target t : stack.targets) {
            List<Client> clientsOf = new ArrayList<>();
            if (t == stack.gateway) {
                if (listStatus != 200) {
                    continue;
                }
                List<GatewaySetup.User> users = stack.setup.users(clients);
                String agent = stack.setup.agent("bench crud",
                        stack.webhookBase + new StreamSpec("json", 1, 0, 0).webhookPath());
                stack.setup.chats(users, agent, chatsEach);
                for (GatewaySetup.User u : users) {
                    clientsOf.add(stack.setup.client(u, 10_000));
                }
            } else {
                for (int i = 0; i < clients; i++) {
                    clientsOf.add(new Client(t.base(), 10_000));
                }
            }
            String path = t == stack.gateway ? PATH : "/crud/chats";
            CrudRound round = crud.row(body, t.name(), t, path, clientsOf, t == stack.gateway ? gatewayWarmup : 1,
                    seconds, 200);
            if (t == stack.gateway) {
                results.chatList = round;
                List<Client> anonymous = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    anonymous.add(new Client(t.base(), 10_000));
                }
                // the general warm-up sends no refused requests: give the JIT a few seconds on this path
                results.refused = crud.row(body, "gateway, refused", t, path, anonymous, smoke() ? 1 : 5, seconds,
                        401);
            }
        }
        CrudRound round = results.chatList;
        if (round == null) {
            String why = stack.gateway == null ? "gateway not run" : "GET /api/chats answered HTTP " + listStatus;
            verdict("≥ 2,700 req/s, p99 ≤ 20 ms, 0 errors", why, null);
            cost("C7", why, null);
            return;
        }
        body.append("\nThe gateway's JIT compiler threads used ").append(Stats.fmt(100 * round.compilerShare()))
                .append(" % of its CPU during its measured round (the code measured was compiled already when this ")
                .append("is near 0).\n");
        boolean data = round.latency().count() > 0;
        double p99 = Stats.ms(round.latency().p(99));
        verdict("≥ 2,700 req/s", Stats.fmt(round.rps()) + " req/s", Report.judged(data, round.rps() >= 2700));
        verdict("p99 ≤ 20 ms", data ? Stats.fmt(p99) + " ms" : "no answered requests", Report.judged(data, p99 <= 20));
        verdict("0 errors", round.errors() + " errors", Report.judged(data || round.errors() > 0, round.errors() == 0));
        cost("C7", data ? Stats.fmt(round.targetMs()) + " ms (" + Stats.fmt(round.rps()) + " req/s; a refused request "
                        + Stats.fmt(results.refused.targetMs()) + " ms; JIT compiler " + Stats.fmt(100 * round.compilerShare())
                        + " % of it)" : "no answered requests",
                Report.judged(data, round.targetMs() <= 0.45));
    }
}
