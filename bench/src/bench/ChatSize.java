package bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** B6: does a chat's length slow a send into it, or the list of chats? Chats filled to N messages by SQL. */
final class ChatSize extends Scenario {

    ChatSize(Context context) {
        super(context, "B6");
    }

    @Override
    void run() throws Exception {
        body.append("\n## B6 — chat size: append latency and listing\n\n");
        String target = "append(1,000) ≤ 3× append(10); list unaffected";
        if (!gatewayRelays(target)) {
            return;
        }
        GatewaySetup setup = stack.setup;
        if (setup.psql() == null) {
            body.append("Not measured: needs psql (BENCH_PSQL) to fill chats.\n");
            verdict(target, "no psql", null);
            return;
        }
        int[] sizes = {10, 1000, 5000};
        int sends = option("b6-sends", 20, 3);
        int lists = option("b6-lists", 200, 20);
        StreamSpec spec = new StreamSpec("json", 1, 0, 0);
        String agent = stack.agentFor(spec);
        body.append("A send (`POST …/messages`, SSE, until `done`) into a chat that already holds N messages, the ")
                .append("mock answering at once (").append(spec).append("); each of the ").append(sends)
                .append(" sends goes to its own chat filled to exactly N by SQL, so N does not grow. The list is ")
                .append("`GET /api/chats` (").append(lists).append("× sequential) by a user whose ").append(sends)
                .append(" chats all hold N messages. Messages in the fill look like ")
                .append("`{\"id\",\"role\",\"content\",\"timestamp\"}` with about 80 characters of text.\n\n")
                .append("| messages in chat | send p50 (ms) | send p99 (ms) | list p50 (ms) | list p99 (ms) | errors |\n")
                .append("|---|---|---|---|---|---|\n");
        boolean listable = setup.chatsEndpoint();
        if (!listable) {
            body.append("> `GET /api/chats` does not answer 200 on this build: the list columns are not measured.\n\n");
        }
        Map<Integer, long[]> p50s = new HashMap<>();
        int sendErrors = 0;
        List<GatewaySetup.User> users = setup.users(Math.max(3, setup.users(1).size()) + 3);
        int u = users.size() - 3;
        for (int size : sizes) {
            GatewaySetup.User user = users.get(u++);
            List<String> chats = setup.chats(List.of(user), agent, sends).get(0);
            fill(setup, chats, size);
            long[] send = new long[sends];
            long[] list = new long[listable ? lists : 0];
            int errors = 0;
            int okSends = 0;
            int okLists = 0;
            try (Client c = setup.client(user, 60_000)) {
                c.exchange("GET", "/api/chats", null, "application/json", null, false);
                for (int i = 0; i < sends; i++) {
                    Client.Result r = c.exchange("POST", "/api/chats/" + chats.get(i) + "/messages",
                            "application/json", "text/event-stream", "{\"content\":\"Hello bench\"}", false);
                    if (r.ok()) {
                        send[okSends++] = r.total;
                    } else {
                        errors++;
                        sendErrors++;
                    }
                }
                for (int i = 0; i < list.length; i++) {
                    Client.Result r = c.exchange("GET", "/api/chats", null, "application/json", null, false);
                    if (r.ok()) {
                        list[okLists++] = r.total;
                    } else {
                        errors++;
                    }
                }
            }
            Stats s = new Stats(send, okSends);
            Stats l = new Stats(list, okLists);
            p50s.put(size, new long[] {s.p(50), l.p(50)});
            body.append("| ").append(size).append(" | ").append(Stats.fmtMs(s.p(50))).append(" | ")
                    .append(Stats.fmtMs(s.p(99))).append(" | ").append(Stats.fmtMs(l.p(50))).append(" | ")
                    .append(Stats.fmtMs(l.p(99))).append(" | ").append(errors).append(" |\n");
        }
        boolean sendData = p50s.get(1000)[0] > 0 && p50s.get(10)[0] > 0;
        double sendRatio = (double) p50s.get(1000)[0] / p50s.get(10)[0];
        verdict("send p50 at 1,000 ≤ 3× at 10", sendData ? Stats.fmt(sendRatio) + "×" + (sendErrors > 0 ? ", "
                + sendErrors + " errors" : "") : "no completed sends", Report.judged(sendData,
                sendRatio <= 3 && sendErrors == 0));
        boolean listData = listable && p50s.get(5000)[1] > 0 && p50s.get(10)[1] > 0;
        double listRatio = (double) p50s.get(5000)[1] / p50s.get(10)[1];
        verdict("list p50 with 5,000-message chats ≤ 1.25× with 10 (\"unaffected\")",
                listData ? Stats.fmt(listRatio) + "×" : "no answered lists", Report.judged(listData, listRatio <= 1.25));
    }

    /** fills each chat with exactly {@code size} ordinary messages */
    private static void fill(GatewaySetup setup, List<String> chats, int size) {
        setup.psql().query("UPDATE chats SET messages = (SELECT jsonb_agg(jsonb_build_object('id', "
                + "gen_random_uuid()::text, 'role', CASE WHEN g % 2 = 1 THEN 'user' ELSE 'assistant' END, 'content', "
                + "'Bench message ' || g || ' with an ordinary amount of text, roughly what a short chat turn holds.', "
                + "'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) ORDER BY g) FROM "
                + "generate_series(1, " + size + ") g), message_count = " + size + " WHERE id IN ('"
                + String.join("','", chats) + "')");
        // the builds that keep a chat's characters (V17) must be told them, as a send would have
        if (!setup.psql().query("SELECT 1 FROM information_schema.columns WHERE table_name = 'chats' "
                + "AND column_name = 'content_chars'").isEmpty()) {
            setup.psql().query("UPDATE chats SET content_chars = chars_sent(messages, NULL) WHERE id IN ('"
                    + String.join("','", chats) + "')");
        }
    }
}
