package bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Creates the accounts, agents and chats a scenario needs on the gateway. The admin and one invited user are
 * registered through the API (as a frontend would). Registration costs a bcrypt hash (cost 12, about a quarter
 * of a second of CPU here), so the thousands of other users are inserted with SQL into the bench's own database
 * and get their session by a token signed with the bench's JWT_SECRET_KEY — the same token login would issue.
 * Without psql (BENCH_PSQL unset) every user is registered through the API instead (slow; fine for --smoke).
 */
final class GatewaySetup {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final Pattern TEAM_ID = Pattern.compile("\"team_id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("access_token=([^;,\\s]+)");
    static final String PASSWORD = "bench-password-1";

    record User(String id, String cookie) {
    }

    private final URI base;
    private final Psql psql;
    private final String jwtSecret;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<User> users = new ArrayList<>();
    private Client admin;
    private String teamId;
    private int userSeq;
    private boolean chatsApi = true;
    private String invitedEmail;

    GatewaySetup(URI base, Psql psql, String jwtSecret) {
        this.base = base;
        this.psql = psql;
        this.jwtSecret = jwtSecret;
    }

    Client client() {
        return new Client(base, 60_000);
    }

    Client client(User user, int readTimeoutMs) {
        Client c = new Client(base, readTimeoutMs);
        c.cookie = user.cookie();
        return c;
    }

    void registerAdmin() {
        admin = client();
        String email = "bench-admin-" + run + "@bench.local";
        Client.Result r = admin.exchange("POST", "/api/auth/register", "application/json", "application/json",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"team_name\":\"Bench " + run + "\"}",
                true);
        require(r, "register the bench admin (is REGISTRATION_MODE=open?)");
        admin.cookie = cookie(r);
        Matcher team = TEAM_ID.matcher(r.body);
        if (team.find()) {
            teamId = team.group(1);
        } else if (psql != null) {
            teamId = psql.query("SELECT team_id FROM users WHERE lower(email) = lower('" + email + "')").get(0);
        }
        // the invite path a frontend uses, once
        users.add(registerInvited());
    }

    private User registerInvited() {
        Client.Result invite = admin.exchange("POST", "/api/team/invites", "application/json", "application/json",
                "{\"role\":\"user\"}", true);
        require(invite, "create an invite");
        Matcher token = TOKEN.matcher(invite.body);
        if (!token.find()) {
            throw new IllegalStateException("no token in the invite answer: " + invite.body);
        }
        Client c = client();
        String email = "bench-u" + (userSeq++) + "-" + run + "@bench.local";
        Client.Result r = c.exchange("POST", "/api/auth/register", "application/json", "application/json",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"invite_token\":\""
                        + token.group(1) + "\"}", true);
        c.close();
        require(r, "register an invited user");
        if (invitedEmail == null) {
            invitedEmail = email;
        }
        Matcher id = ID.matcher(r.body);
        return new User(id.find() ? id.group(1) : null, cookie(r));
    }

    /** the first {@code n} bench users, creating the missing ones */
    List<User> users(int n) throws Exception {
        if (users.size() < n) {
            int missing = n - users.size();
            if (psql != null && teamId != null && jwtSecret != null) {
                List<String> ids = psql.query("INSERT INTO users (team_id, email, name, password_hash, role) "
                        + "SELECT '" + teamId + "', 'bench-u' || g || '-" + run + "@bench.local', 'Bench user ' || g, "
                        + "(SELECT password_hash FROM users WHERE team_id = '" + teamId + "' LIMIT 1), 'user' "
                        + "FROM generate_series(" + userSeq + ", " + (userSeq + missing - 1) + ") g RETURNING id");
                userSeq += missing;
                for (String id : ids) {
                    users.add(new User(id, token(id)));
                }
                Client check = client(users.get(users.size() - 1), 10_000);
                require(check.exchange("GET", "/api/auth/me", null, "application/json", null, true),
                        "sign in with a bench-signed token (JWT_SECRET_KEY must match the service)");
                check.close();
            } else {
                for (int i = 0; i < missing; i++) {
                    users.add(registerInvited());
                }
            }
        }
        return users.subList(0, n);
    }

    /**
     * An agent whose webhook is {@code webhookUrl}. Without an agents endpoint (a build where only the relay has
     * landed) it is inserted with SQL when psql is available; otherwise null.
     */
    String agent(String name, String webhookUrl) {
        Client.Result r = admin.exchange("POST", "/api/agents", "application/json", "application/json",
                "{\"name\":\"" + name + " " + run + "\",\"webhook_url\":\"" + webhookUrl + "\"}", true);
        if (r.status == 404 || r.status == 405) {
            if (psql == null || teamId == null) {
                return null;
            }
            chatsApi = false;
            return psql.query("INSERT INTO agents (team_id, name, webhook_url) VALUES ('" + teamId + "', '" + name
                    + "', '" + webhookUrl + "') RETURNING id").get(0);
        }
        require(r, "create an agent");
        return id(r);
    }

    /** {@code perUser} chats for each user (API calls, 16 at a time; SQL when there are thousands) */
    List<List<String>> chats(List<User> owners, String agentId, int perUser) throws Exception {
        List<List<String>> result = new ArrayList<>();
        if (psql != null && (owners.size() * perUser > 200 || !chatsApi)) {
            StringBuilder values = new StringBuilder();
            for (User u : owners) {
                values.append(values.isEmpty() ? "" : ",").append("('").append(u.id()).append("'::uuid)");
            }
            List<String> rows = psql.query("INSERT INTO chats (team_id, user_id, agent_id) SELECT '" + teamId
                    + "', u.id, '" + agentId + "' FROM (VALUES " + values + ") AS u(id), generate_series(1, "
                    + perUser + ") g RETURNING user_id || ' ' || id");
            java.util.Map<String, List<String>> byUser = new java.util.HashMap<>();
            for (String row : rows) {
                String[] p = row.split(" ");
                byUser.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
            }
            for (User u : owners) {
                result.add(byUser.get(u.id()));
            }
            return result;
        }
        try (var pool = Executors.newFixedThreadPool(16, Thread.ofVirtual().factory())) {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (User u : owners) {
                futures.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    try (Client c = client(u, 30_000)) {
                        for (int i = 0; i < perUser; i++) {
                            Client.Result r = c.exchange("POST", "/api/chats", "application/json",
                                    "application/json", "{\"agent_id\":\"" + agentId + "\"}", true);
                            require(r, "create a chat");
                            ids.add(id(r));
                        }
                    }
                    return ids;
                }));
            }
            for (Future<List<String>> f : futures) {
                result.add(f.get());
            }
        }
        return result;
    }

    boolean chatsEndpoint() {
        return chatsEndpointStatus() == 200;
    }

    int chatsEndpointStatus() {
        return admin.exchange("GET", "/api/chats", null, "application/json", null, true).status;
    }

    /** the invited user's email: an existing account to send wrong passwords for */
    String invitedEmail() {
        return invitedEmail;
    }

    /** a unique suffix of this run, for emails and names that must not collide with an earlier run's */
    String runId() {
        return run;
    }

    Psql psql() {
        return psql;
    }

    private String token(String userId) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
        String payload = b64("{\"sub\":\"" + userId + "\",\"iss\":\"chat-gateway\",\"iat\":" + now + ",\"exp\":"
                + (now + 86_400) + ",\"team\":\"" + teamId + "\",\"role\":\"user\",\"ver\":0}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String id(Client.Result r) {
        Matcher m = ID.matcher(r.body);
        if (!m.find()) {
            throw new IllegalStateException("no id in answer: " + r.body);
        }
        return m.group(1);
    }

    private static String cookie(Client.Result r) {
        Matcher m = COOKIE.matcher(r.setCookie == null ? "" : r.setCookie);
        if (!m.find()) {
            throw new IllegalStateException("no access_token cookie in answer (HTTP " + r.status + ")");
        }
        return m.group(1);
    }

    static void require(Client.Result r, String what) {
        if (r.error != null && r.status == 0 || r.status < 200 || r.status >= 300) {
            throw new IllegalStateException("could not " + what + ": HTTP " + r.status + " "
                    + (r.error != null ? r.error : "") + " " + (r.body == null ? "" : r.body.trim()));
        }
    }

    /** runs SQL through the psql command line (BENCH_PSQL), one row per line */
    record Psql(List<String> command) {
        List<String> query(String sql) {
            try {
                List<String> cmd = new ArrayList<>(command);
                cmd.addAll(List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                // on stdin: statements with thousands of ids exceed the 128 KiB limit of one argument
                try (var stdin = p.getOutputStream()) {
                    stdin.write((sql + ";\n").getBytes(StandardCharsets.UTF_8));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("psql failed: " + out.trim());
                }
                List<String> rows = new ArrayList<>();
                for (String line : out.split("\n")) {
                    if (!line.isBlank() && !line.startsWith("INSERT ") && !line.startsWith("UPDATE ")) {
                        rows.add(line.trim());
                    }
                }
                return rows;
            } catch (IOException e) {
                throw new IllegalStateException("psql not runnable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
