package io.chatgateway.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.chatgateway.demo.DemoAgentSeeder;
import io.chatgateway.system.EmbeddedDatabase;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.SqlStatements;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.util.unit.DataSize;

/** The first start on an empty database, each on a fresh schema of its own. */
class BootstrapAdminTest {

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(4);
    private NamedParameterJdbcTemplate jdbc;

    @BeforeEach
    void freshSchema() {
        EmbeddedPostgres postgres = EmbeddedDatabase.start("");
        String database = "bootstrap_" + UUID.randomUUID().toString().replace("-", "");
        new NamedParameterJdbcTemplate(postgres.getPostgresDatabase()).getJdbcTemplate().execute("CREATE DATABASE " + database);
        DataSource dataSource = postgres.getDatabase("postgres", database);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    @Test
    void configuredAdminAndTeamAreCreatedOnce() {
        bootstrap("production", "Boss@Example.com", "a-long-password", "Acme").run(null);
        Map<String, Object> admin = jdbc.queryForMap(
                "SELECT u.email, u.role, u.password_hash, t.name FROM users u JOIN teams t ON t.id = u.team_id", Map.of());
        assertThat(admin.get("email")).isEqualTo("boss@example.com");
        assertThat(admin.get("role")).isEqualTo("admin");
        assertThat(admin.get("name")).isEqualTo("Acme");
        assertThat(passwords.matches("a-long-password", (String) admin.get("password_hash"))).isTrue();

        bootstrap("production", "other@example.com", "a-long-password", "Other").run(null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Map.of(), Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agents", Map.of(), Integer.class)).isZero();
    }

    @Test
    void developmentWithoutSettingsCreatesTheDemoAdmin() {
        bootstrap("development", null, null, "Default team").run(null);
        assertThat(jdbc.queryForObject("SELECT email FROM users WHERE role = 'admin'", Map.of(), String.class))
                .isEqualTo(BootstrapAdmin.DEMO_EMAIL);
        assertThat(jdbc.queryForObject("SELECT webhook_url FROM agents", Map.of(), String.class))
                .isEqualTo("http://localhost:8000" + DemoAgentSeeder.WEBHOOK_PATH);
    }

    @Test
    void productionWithoutSettingsCreatesNobody() {
        bootstrap("production", null, null, "Default team").run(null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Map.of(), Integer.class)).isZero();
    }

    private BootstrapAdmin bootstrap(String environment, String email, String password, String team) {
        GatewayProperties properties = new GatewayProperties(environment, new GatewayProperties.Database("", "", 2),
                new GatewayProperties.Jwt(null, "chat-gateway", Duration.ofHours(1)),
                new GatewayProperties.Auth("invite", 5, "", "", Duration.ofDays(7)),
                new GatewayProperties.Bootstrap(email, password, team),
                new GatewayProperties.Request(DataSize.ofMegabytes(1)));
        SqlStatements sql = new SqlStatements();
        JdbcClient client = JdbcClient.create(jdbc);
        DemoAgentSeeder demoAgent = new DemoAgentSeeder(client, sql, new MockEnvironment().withProperty("server.port", "8000"),
                properties);
        return new BootstrapAdmin(client, sql, new TeamStore(client, sql), new MemberStore(client, sql), passwords,
                properties, event -> demoAgent.seed((FirstTeamCreated) event));
    }
}
