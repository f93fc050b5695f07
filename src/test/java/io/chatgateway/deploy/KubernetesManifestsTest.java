package io.chatgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/**
 * The production overlay as Kubernetes would receive it (rendered with {@code kubectl kustomize} when kubectl is
 * installed, else the base files parsed as they are) agrees with the application.
 */
@GatewayTest
@SuppressWarnings("unchecked")
class KubernetesManifestsTest {

    /** The relay's default limit for a whole answer (chatgateway.relay): proxies must wait at least that long. */
    private static final Duration LONGEST_ANSWER = Duration.ofMinutes(10);

    private final List<Map<String, Object>> production = render("k8s/overlays/production");
    private final ApplicationConfigFile config = ApplicationConfigFile.load();

    @LocalServerPort
    int port;

    @Test
    void everyProbeAsksAnActuatorPathTheAppServesOnTheManagementPort() {
        Map<String, Object> container = container();
        Map<String, String> environment = environment();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> httpGet = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
            assertThat(httpGet).as(probe).isNotNull();
            assertThat(containerPort(httpGet.get("port"))).as(probe + " port").isEqualTo(environment.get("MANAGEMENT_PORT"));
            String path = (String) httpGet.get("path");
            assertThat(path).startsWith("/actuator/health/");
            assertThat(new ApiClient(port).get(path).status()).as(probe + " " + path).isEqualTo(200);
        }
    }

    @Test
    void theContainerPortIsTheServerPortAndTheServiceTargetsIt() {
        assertThat(containerPort("http")).isEqualTo(environment().get("PORT")).isEqualTo(config.defaultOf("PORT"));
        Map<String, Object> servicePort = ((List<Map<String, Object>>) spec(only("Service")).get("ports")).get(0);
        assertThat(servicePort.get("targetPort")).isEqualTo("http");
        assertThat((List<Map<String, Object>>) spec(only("Service")).get("ports")).noneMatch(p -> "management".equals(p.get("targetPort")));
    }

    @Test
    void everyVariableWithoutADefaultIsProvided() {
        assertThat(environment().keySet()).containsAll(config.requiredVariables());
    }

    @Test
    void secretsComeFromTheSecretTemplateKeysAndProductionRendersNoSecret() {
        assertThat(production).noneMatch(resource -> "Secret".equals(resource.get("kind")));
        Map<String, Object> template = new Yaml().load(read(Path.of("k8s/base/secret.yaml")));
        Set<String> templateKeys = ((Map<String, Object>) template.get("stringData")).keySet();
        assertThat(((Map<String, Object>) template.get("stringData")).values()).allMatch(value -> "".equals(value));
        for (Map<String, Object> variable : (List<Map<String, Object>>) container().get("env")) {
            Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
            if (from != null && from.containsKey("secretKeyRef")) {
                Map<String, Object> ref = (Map<String, Object>) from.get("secretKeyRef");
                assertThat(ref.get("name")).isEqualTo(((Map<String, Object>) template.get("metadata")).get("name"));
                assertThat(templateKeys).contains((String) ref.get("key"));
            }
        }
    }

    @Test
    void podsDrainAndGetTimeToFinishStreamsBeforeTheyAreKilled() {
        Map<String, Object> pod = podSpec();
        Map<String, String> environment = environment();
        Duration drain = config.shutdownDrainDelay(environment);
        Duration streams = config.shutdownGracePeriod(environment);
        // the replica drains itself on SIGTERM: a preStop sleep would only add to the budget
        assertThat(container()).doesNotContainKey("lifecycle");
        // long enough for the endpoint removal to reach kube-proxy and the ingress controller
        assertThat(drain).isGreaterThanOrEqualTo(Duration.ofSeconds(5));

        long grace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
        assertThat(grace).isGreaterThanOrEqualTo(drain.toSeconds() + streams.toSeconds() + config.camelShutdownTimeoutSeconds());
    }

    @Test
    void theIngressLetsServerSentEventsThrough() {
        Map<String, String> annotations = (Map<String, String>) ((Map<String, Object>) only("Ingress").get("metadata")).get("annotations");

        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/" + timeout)))
                    .as(timeout).isGreaterThan(LONGEST_ANSWER.toSeconds());
        }
    }

    @Test
    void podsRunNonRootOnAReadOnlyFilesystemWithAWritableTmpSpreadAcrossNodes() {
        Map<String, Object> pod = podSpec();
        Map<String, Object> container = container();
        assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true);
        assertThat((Map<String, Object>) container.get("securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat((List<Map<String, Object>>) container.get("volumeMounts")).anyMatch(mount -> "/tmp".equals(mount.get("mountPath")));
        assertThat((List<Map<String, Object>>) pod.get("volumes")).anyMatch(volume -> volume.containsKey("emptyDir"));
        assertThat((List<Map<String, Object>>) pod.get("topologySpreadConstraints"))
                .anyMatch(c -> "kubernetes.io/hostname".equals(c.get("topologyKey")));
        assertThat((Map<String, Object>) container.get("resources")).containsKeys("requests", "limits");
        assertThat(((Number) spec(only("Deployment")).get("replicas")).intValue()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void scalingDisruptionAndNetworkRulesAreInPlace() {
        assertThat(((Number) spec(only("HorizontalPodAutoscaler")).get("minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(spec(only("PodDisruptionBudget"))).containsKey("minAvailable");

        Map<String, Object> policy = spec(only("NetworkPolicy"));
        assertThat((List<String>) policy.get("policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        List<Map<String, Object>> ingress = (List<Map<String, Object>>) policy.get("ingress");
        List<Map<String, Object>> apiRules = ingress.stream()
                .filter(rule -> ((List<Map<String, Object>>) rule.get("ports")).stream().anyMatch(p -> "http".equals(p.get("port"))))
                .toList();
        assertThat(apiRules).singleElement().satisfies(rule -> assertThat(rule.get("from").toString()).contains("ingress-nginx"));
        Set<String> egressPorts = new TreeSet<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) policy.get("egress")) {
            ((List<Map<String, Object>>) rule.get("ports")).forEach(p -> egressPorts.add(String.valueOf(p.get("port"))));
        }
        // DNS, PostgreSQL, n8n
        assertThat(egressPorts).containsExactlyInAnyOrder("53", "5432", "5678");
    }

    @Test
    void aSecretWithOnlyTheKeysProductionNeedsStartsThePods() {
        // production refuses to start without these two (ProductionStartupTest); anything else may be absent
        Set<String> required = Set.of("DATABASE_URL", "JWT_SECRET_KEY");
        Set<String> referenced = new TreeSet<>();
        for (Map<String, Object> variable : (List<Map<String, Object>>) container().get("env")) {
            Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
            if (from == null || !from.containsKey("secretKeyRef")) {
                continue;
            }
            Map<String, Object> ref = (Map<String, Object>) from.get("secretKeyRef");
            String key = (String) ref.get("key");
            referenced.add(key);
            assertThat(Boolean.TRUE.equals(ref.get("optional"))).as(key + " optional").isEqualTo(!required.contains(key));
        }
        assertThat(referenced).containsAll(required).contains("BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD");
    }

    @Test
    void prometheusScrapesTheManagementPortOfEveryReplica() {
        Map<String, Object> monitor = only("PodMonitor");
        Map<String, String> podLabels = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>)
                spec(only("Deployment")).get("template")).get("metadata")).get("labels");
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec(monitor).get("selector")).get("matchLabels");
        assertThat(podLabels).containsAllEntriesOf(selector);

        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec(monitor).get("podMetricsEndpoints")).get(0);
        assertThat(containerPort(endpoint.get("port"))).isEqualTo(environment().get("MANAGEMENT_PORT"));
        Map<String, String> annotations = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>)
                spec(only("Deployment")).get("template")).get("metadata")).get("annotations");
        assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus").isEqualTo(annotations.get("prometheus.io/path"));

        // the NetworkPolicy lets the scraper's namespace reach exactly that port
        List<Map<String, Object>> ingress = (List<Map<String, Object>>) spec(only("NetworkPolicy")).get("ingress");
        assertThat(ingress).anyMatch(rule -> ((List<Map<String, Object>>) rule.get("ports")).stream()
                .anyMatch(p -> endpoint.get("port").equals(p.get("port"))) && rule.get("from").toString().contains("monitoring"));
    }

    // --- the rendered manifests

    private Map<String, Object> only(String kind) {
        List<Map<String, Object>> matching = production.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("spec");
    }

    private Map<String, Object> podSpec() {
        return (Map<String, Object>) ((Map<String, Object>) spec(only("Deployment")).get("template")).get("spec");
    }

    private Map<String, Object> container() {
        return ((List<Map<String, Object>>) podSpec().get("containers")).get(0);
    }

    /** The container's environment: its env entries (secret references as "secret") and its ConfigMaps' data. */
    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        for (Map<String, Object> source : (List<Map<String, Object>>) container().getOrDefault("envFrom", List.of())) {
            String configMap = (String) ((Map<String, Object>) source.get("configMapRef")).get("name");
            Map<String, Object> data = (Map<String, Object>) production.stream()
                    .filter(r -> "ConfigMap".equals(r.get("kind")))
                    .filter(r -> configMap.equals(((Map<String, Object>) r.get("metadata")).get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError("ConfigMap " + configMap + " is not rendered"))
                    .get("data");
            data.forEach((key, value) -> environment.put(key, String.valueOf(value)));
        }
        for (Map<String, Object> variable : (List<Map<String, Object>>) container().getOrDefault("env", List.of())) {
            environment.put((String) variable.get("name"), variable.containsKey("value") ? String.valueOf(variable.get("value")) : "secret");
        }
        return environment;
    }

    private String containerPort(Object nameOrNumber) {
        if (nameOrNumber instanceof Number number) {
            return String.valueOf(number.intValue());
        }
        return ((List<Map<String, Object>>) container().get("ports")).stream()
                .filter(p -> nameOrNumber.equals(p.get("name"))).findFirst()
                .map(p -> String.valueOf(p.get("containerPort"))).orElseThrow();
    }

    private static List<Map<String, Object>> render(String overlay) {
        String text;
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay).redirectErrorStream(true).start();
            text = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kubectl.waitFor() != 0) {
                throw new AssertionError("kubectl kustomize " + overlay + " failed:\n" + text);
            }
        } catch (IOException noKubectl) {
            text = baseFilesWithGeneratedConfigMap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
                resources.add((Map<String, Object>) document);
            }
        }
        return resources;
    }

    /** Without kubectl: the base resources as written, plus the ConfigMap its configMapGenerator would make. */
    private static String baseFilesWithGeneratedConfigMap() {
        Map<String, Object> kustomization = new Yaml().load(read(Path.of("k8s/base/kustomization.yaml")));
        StringBuilder text = new StringBuilder();
        for (String resource : (List<String>) kustomization.get("resources")) {
            text.append(read(Path.of("k8s/base", resource))).append("\n---\n");
        }
        for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.get("configMapGenerator")) {
            Map<String, Object> data = new HashMap<>();
            for (String literal : (List<String>) generator.get("literals")) {
                data.put(literal.substring(0, literal.indexOf('=')), literal.substring(literal.indexOf('=') + 1));
            }
            text.append(new Yaml().dump(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                    "metadata", Map.of("name", generator.get("name")), "data", data))).append("\n---\n");
        }
        // the production overlay's own resources, besides the base
        Map<String, Object> overlay = new Yaml().load(read(Path.of("k8s/overlays/production/kustomization.yaml")));
        for (String resource : (List<String>) overlay.get("resources")) {
            if (!resource.startsWith("..")) {
                text.append(read(Path.of("k8s/overlays/production", resource))).append("\n---\n");
            }
        }
        // the production overlay drops the Secret template
        return Stream.of(text.toString().split("\n---\n"))
                .filter(document -> !document.contains("kind: Secret")).reduce((a, b) -> a + "\n---\n" + b).orElse("");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
