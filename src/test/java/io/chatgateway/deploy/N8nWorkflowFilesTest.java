package io.chatgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The sample workflows docker-compose imports into n8n are workflows n8n can import and run as the gateway expects. */
class N8nWorkflowFilesTest {

    @Test
    void everyFileIsAnImportableWorkflow() {
        assertThat(N8nWorkflow.all()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(workflow -> {
            assertThat(workflow.id()).as(workflow.file() + " id").matches("[A-Za-z0-9]{16}");
            assertThat(workflow.json().path("name").asText()).isNotBlank();
            Set<String> names = new HashSet<>();
            for (JsonNode node : workflow.nodes()) {
                assertThat(node.path("name").asText()).isNotBlank();
                assertThat(node.path("type").asText()).contains(".");
                assertThat(node.path("typeVersion").isNumber()).isTrue();
                assertThat(node.path("position").size()).isEqualTo(2);
                assertThat(node.path("parameters").isObject()).isTrue();
                assertThat(names.add(node.path("name").asText())).as("unique node name").isTrue();
            }
            // connections are keyed and targeted by node name
            workflow.json().path("connections").fields().forEachRemaining(source -> {
                assertThat(names).contains(source.getKey());
                source.getValue().forEach(type -> type.forEach(output -> output.forEach(
                        link -> assertThat(names).contains(link.path("node").asText()))));
            });
        });
    }

    @Test
    void theStreamingWorkflowStreamsTokensFromAnAgent() {
        N8nWorkflow workflow = N8nWorkflow.named("streaming-agent.json");

        JsonNode webhook = workflow.nodeOfType("n8n-nodes-base.webhook").orElseThrow();
        assertThat(webhook.path("parameters").path("responseMode").asText()).isEqualTo("streaming");
        assertThat(webhook.path("parameters").path("httpMethod").asText()).isEqualTo("POST");
        assertThat(webhook.path("webhookId").asText()).isNotBlank();

        JsonNode agent = workflow.nodeOfType("@n8n/n8n-nodes-langchain.agent").orElseThrow();
        // token-by-token streaming needs the AI Agent 3.x with streaming on (2.x sends everything at the end)
        assertThat(agent.path("typeVersion").asDouble()).isGreaterThanOrEqualTo(3);
        assertThat(agent.path("parameters").path("options").path("enableStreaming").asBoolean()).isTrue();
        assertThat(workflow.targets(webhook.path("name").asText(), "main")).containsExactly(agent.path("name").asText());

        JsonNode model = workflow.nodeOfType("@n8n/n8n-nodes-langchain.lmChatOpenAi").orElseThrow();
        assertThat(workflow.targets(model.path("name").asText(), "ai_languageModel")).containsExactly(agent.path("name").asText());
        assertThat(model.path("credentials").path("openAiApi").path("id").asText()).isEqualTo("ChatGwOpenAiCred");
        // OpenAI-compatible servers often offer only /v1/chat/completions
        assertThat(model.path("parameters").path("responsesApiEnabled").asBoolean(true)).isFalse();
    }

    @Test
    void theJsonWorkflowAnswersWithOutput() {
        answersWithOutput(N8nWorkflow.named("json-echo.json"));
    }

    @Test
    void theSlowWorkflowWaitsLongEnoughToBeStopped() {
        N8nWorkflow workflow = N8nWorkflow.named("slow-answer.json");

        JsonNode wait = workflow.nodeOfType("n8n-nodes-base.wait").orElseThrow();
        assertThat(wait.path("parameters").path("amount").asInt()).isGreaterThanOrEqualTo(10);
        answersWithOutput(workflow, wait);
    }

    /**
     * The workflow's webhook answers through its Respond to Webhook node, as JSON with an {@code "output"}, reached
     * from the webhook through the given nodes in this order.
     */
    private static void answersWithOutput(N8nWorkflow workflow, JsonNode... between) {
        JsonNode webhook = workflow.nodeOfType("n8n-nodes-base.webhook").orElseThrow();
        assertThat(webhook.path("parameters").path("responseMode").asText()).isEqualTo("responseNode");
        JsonNode respond = workflow.nodeOfType("n8n-nodes-base.respondToWebhook").orElseThrow();
        String from = webhook.path("name").asText();
        for (JsonNode node : between) {
            assertThat(workflow.targets(from, "main")).containsExactly(node.path("name").asText());
            from = node.path("name").asText();
        }
        assertThat(workflow.targets(from, "main")).containsExactly(respond.path("name").asText());
        assertThat(respond.path("parameters").path("respondWith").asText()).isEqualTo("json");
        assertThat(respond.path("parameters").path("responseBody").asText()).contains("\"output\"");
    }

    @Test
    void everyWorkflowIsPublishedWhenN8nStarts() throws Exception {
        String start = Files.readString(N8nWorkflow.FOLDER.resolveSibling("start-n8n.sh"));
        assertThat(N8nWorkflow.all()).allSatisfy(workflow ->
                assertThat(start).as(workflow.file().toString()).contains("publish:workflow --id=" + workflow.id()));
    }
}
