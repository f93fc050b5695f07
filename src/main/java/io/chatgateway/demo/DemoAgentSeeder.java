package io.chatgateway.demo;

import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.SqlStatements;
import io.chatgateway.team.FirstTeamCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gives the first team of a development database an agent whose webhook is the built-in demo route
 * (routes/demo-agent.camel.yaml), so a newcomer can stream an answer right after the first start. Runs inside the
 * bootstrap's transaction. Production has no demo route, so no demo agent either.
 */
@Component
public class DemoAgentSeeder {

    public static final String WEBHOOK_PATH = "/demo/n8n/webhook";
    private static final Logger log = LoggerFactory.getLogger(DemoAgentSeeder.class);

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final Environment environment;
    private final boolean production;

    public DemoAgentSeeder(JdbcClient jdbc, SqlStatements sql, Environment environment, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.environment = environment;
        this.production = properties.isProduction();
    }

    @EventListener
    public void seed(FirstTeamCreated team) {
        if (production) {
            return;
        }
        String webhookUrl = webhookUrl();
        jdbc.sql(sql.get("demo/insert-demo-agent"))
                .param("team_id", team.teamId()).param("created_by", team.adminId()).param("webhook_url", webhookUrl)
                .update();
        log.info("Development: created the demo agent (webhook {})", webhookUrl);
    }

    /** The address this process actually listens on (PORT may be 0, i.e. chosen at start-up). */
    String webhookUrl() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8000"));
        return "http://localhost:" + port + WEBHOOK_PATH;
    }
}
