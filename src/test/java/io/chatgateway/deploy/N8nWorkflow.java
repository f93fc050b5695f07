package io.chatgateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A sample n8n workflow file under config/n8n/workflows. */
record N8nWorkflow(Path file, JsonNode json) {

    static final Path FOLDER = Path.of("config/n8n/workflows");

    static List<N8nWorkflow> all() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<N8nWorkflow> workflows = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                workflows.add(new N8nWorkflow(file, new ObjectMapper().readTree(file.toFile())));
            }
            return workflows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static N8nWorkflow named(String fileName) {
        return all().stream().filter(w -> w.file().getFileName().toString().equals(fileName)).findFirst().orElseThrow();
    }

    String id() {
        return json.path("id").asText();
    }

    List<JsonNode> nodes() {
        List<JsonNode> nodes = new ArrayList<>();
        json.path("nodes").forEach(nodes::add);
        return nodes;
    }

    Optional<JsonNode> nodeOfType(String type) {
        return nodes().stream().filter(node -> type.equals(node.path("type").asText())).findFirst();
    }

    /** Names of the nodes the given node feeds, over connections of the given type (main, ai_languageModel, ...). */
    List<String> targets(String nodeName, String connectionType) {
        List<String> targets = new ArrayList<>();
        json.path("connections").path(nodeName).path(connectionType)
                .forEach(output -> output.forEach(link -> targets.add(link.path("node").asText())));
        return targets;
    }
}
