package io.chatgateway.demo;

import java.util.Map;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives the development demo team an agent whose webhook is the built-in demo route
 * (routes/demo-agent.camel.yaml), so a newcomer can stream an answer right after the first start.
 */
@Component
public class DemoAgentSeeder {

    public static final String WEBHOOK_PATH = "/demo/n8n/webhook";
    private static final Logger log = LoggerFactory.getLogger(DemoAgentSeeder.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlStatements sql;
    private final Environment environment;

    public DemoAgentSeeder(NamedParameterJdbcTemplate jdbc, SqlStatements sql, Environment environment) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.environment = environment;
    }

    public void seed(UUID teamId, UUID createdBy) {
        String webhookUrl = webhookUrl();
        jdbc.update(sql.get("demo/insert-demo-agent"),
                Map.of("team_id", teamId, "created_by", createdBy, "webhook_url", webhookUrl));
        log.info("Development: created the demo agent (webhook {})", webhookUrl);
    }

    /** The address this process actually listens on (PORT may be 0, i.e. chosen at start-up). */
    String webhookUrl() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8000"));
        return "http://localhost:" + port + WEBHOOK_PATH;
    }
}
