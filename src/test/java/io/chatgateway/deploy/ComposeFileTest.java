package io.chatgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml agrees with what the application reads (no Docker engine runs the tests). */
@GatewayTest
@SuppressWarnings("unchecked")
class ComposeFileTest {

    private static final Pattern HEALTHCHECK_REQUEST = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+).*GET (\\S+) HTTP");

    private final Map<String, Object> compose = load();
    private final ApplicationConfigFile config = ApplicationConfigFile.load();

    @LocalServerPort
    int port;

    @Test
    void theAppGetsEveryVariableWithoutADefault() {
        Map<String, Object> environment = environment("app");

        assertThat(environment.keySet()).containsAll(config.requiredVariables());
        assertThat(String.valueOf(environment.get("DATABASE_URL"))).startsWith("postgresql://chat_gateway:")
                .endsWith("@postgres:5432/chat_gateway");
        assertThat(environment).containsKeys("BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD");
    }

    @Test
    void thePublishedPortIsTheServerPort() {
        String serverPort = String.valueOf(environment("app").get("PORT"));

        assertThat(serverPort).isEqualTo(config.defaultOf("PORT"));
        assertThat((List<String>) service("app").get("ports")).containsExactly(serverPort + ":" + serverPort);
    }

    @Test
    void theAppHealthcheckAsksReadinessOnTheManagementPort() {
        String command = String.join(" ", (List<String>) healthcheck("app").get("test"));
        Matcher request = HEALTHCHECK_REQUEST.matcher(command);

        assertThat(request.find()).as(command).isTrue();
        assertThat(request.group(1)).isEqualTo(String.valueOf(environment("app").get("MANAGEMENT_PORT")));
        assertThat(request.group(2)).isEqualTo("/actuator/health/readiness");
        // the path is served by the application (same actuator, here on the server port)
        assertThat(new ApiClient(port).get(request.group(2)).status()).isEqualTo(200);
    }

    @Test
    void theAppStartsAfterAHealthyPostgresWithPersistentData() {
        Map<String, Object> dependsOn = (Map<String, Object>) service("app").get("depends_on");
        assertThat((Map<String, Object>) dependsOn.get("postgres")).containsEntry("condition", "service_healthy");

        Map<String, Object> postgres = service("postgres");
        assertThat(String.valueOf(postgres.get("image"))).startsWith("postgres:17");
        assertThat((List<String>) postgres.get("volumes")).anyMatch(volume -> volume.endsWith(":/var/lib/postgresql/data"));
        assertThat(String.join(" ", (List<String>) healthcheck("postgres").get("test"))).contains("pg_isready");
        Map<String, Object> environment = environment("postgres");
        assertThat(environment).containsEntry("POSTGRES_DB", "chat_gateway").containsEntry("POSTGRES_USER", "chat_gateway");
    }

    @Test
    void theStopGracePeriodCoversTheDrainAndTheStreamGracePeriod() {
        Duration drain = config.shutdownDrainDelay(stringEnvironment("app"));
        Duration streams = config.shutdownGracePeriod(stringEnvironment("app"));
        Duration stop = DurationStyle.detectAndParse(String.valueOf(service("app").get("stop_grace_period")));

        assertThat(stop).isGreaterThanOrEqualTo(drain.plus(streams).plusSeconds(config.camelShutdownTimeoutSeconds()));
    }

    @Test
    void n8nRunsTheOfficialImageAndPublishesEverySampleWorkflow() throws IOException {
        Map<String, Object> n8n = service("n8n");
        assertThat(String.valueOf(n8n.get("image"))).matches("(docker\\.n8n\\.io/)?n8nio/n8n:.+");
        assertThat((List<String>) n8n.get("volumes")).contains("./config/n8n:/opt/chat-gateway:ro");
        assertThat((List<String>) n8n.get("entrypoint")).contains("/opt/chat-gateway/start-n8n.sh");

        String script = Files.readString(Path.of("config/n8n/start-n8n.sh"));
        for (N8nWorkflow workflow : N8nWorkflow.all()) {
            assertThat(script).contains("publish:workflow --id=" + workflow.id());
        }
        assertThat(script).contains("import:workflow").contains("OPENAI_API_KEY").contains("exec n8n start");
        assertThat(environment("n8n")).containsKeys("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL");
    }

    @Test
    void n8nIsPinnedToAConcrete2xReleaseAndLetsTheSampleWorkflowsReadTheEnvironment() {
        Map<String, Object> n8n = service("n8n");
        assertThat(String.valueOf(n8n.get("image"))).matches("(docker\\.n8n\\.io/)?n8nio/n8n:2\\.\\d+\\.\\d+");
        // n8n 2.x blocks $env in expressions unless told otherwise; the streaming sample reads OPENAI_MODEL with it
        assertThat(N8nWorkflow.all()).anyMatch(workflow -> workflow.json().toString().contains("$env."));
        assertThat(environment("n8n")).containsEntry("N8N_BLOCK_ENV_ACCESS_IN_NODE", "false");
    }

    @Test
    void envExampleNamesEveryVariableComposeReads() throws IOException {
        Set<String> read = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(Path.of("docker-compose.yml")));
        while (variable.find()) {
            read.add(variable.group(1));
        }
        Set<String> example = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            if (line.matches("[A-Z][A-Z0-9_]*=.*")) {
                example.add(line.substring(0, line.indexOf('=')));
            }
        }

        assertThat(example).isEqualTo(read);
    }

    private Map<String, Object> service(String name) {
        Map<String, Object> service = ((Map<String, Map<String, Object>>) compose.get("services")).get(name);
        assertThat(service).as("service " + name).isNotNull();
        return service;
    }

    private Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    private Map<String, String> stringEnvironment(String name) {
        Map<String, String> environment = new java.util.HashMap<>();
        environment(name).forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    private Map<String, Object> healthcheck(String name) {
        return (Map<String, Object>) service(name).get("healthcheck");
    }

    private static Map<String, Object> load() {
        try {
            return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
