package io.chatgateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayTest
class OpenApiDocumentTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camelContext;

    @Test
    void everyRestRouteIsDocumentedWithItsMethodDescriptionAndResponses() {
        ApiClient.Response response = new TestAccounts(port).anonymous().get("/api/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode document = response.json();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.get("info").get("title").asText()).isEqualTo("Chat Gateway API");
        assertThat(document.get("servers")).hasSize(1);
        assertThat(document.get("servers").get(0).get("url").asText()).isEqualTo("/");

        SoftAssertions softly = new SoftAssertions();
        int verbs = 0;
        for (RestDefinition rest : camelContext.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                verbs++;
                String path = joinPaths(rest.getPath(), verb.getPath());
                String method = verb.asVerb().toLowerCase(Locale.ROOT);
                JsonNode operation = document.path("paths").path(path).path(method);
                softly.assertThat(operation.isMissingNode()).as(method.toUpperCase(Locale.ROOT) + " " + path + " in the document").isFalse();
                // camel-openapi-java writes a verb's description as the operation's summary
                softly.assertThat(operation.path("summary").asText("")).as("description of " + method + " " + path).isNotBlank();
                softly.assertThat(operation.path("responses").size()).as("responses of " + method + " " + path).isPositive();
                if (path.contains("{id}")) {
                    softly.assertThat(operation.path("parameters").findValuesAsText("name")).as("parameters of " + method + " " + path)
                            .contains("id");
                }
            }
        }
        softly.assertAll();
        assertThat(verbs).as("REST verbs in the Camel context").isGreaterThanOrEqualTo(20);
        assertThat(document.path("paths").path("/api/chats").path("get").path("parameters").findValuesAsText("name"))
                .contains("limit", "offset", "agent_id");
        assertThat(document.path("paths").path("/api/agents/{id}/avatar").has("post")).isTrue();
    }

    private static String joinPaths(String base, String path) {
        if (path == null || path.isEmpty()) {
            return base;
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + (path.startsWith("/") ? path : "/" + path);
    }

    @Test
    void theDocumentIsValidOpenApi3WithObjectSchemasForEveryRequestBodyAndTheDeclaredRoles() {
        String text = new TestAccounts(port).anonymous().get("/api/openapi.json").body();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, new ParseOptions());
        assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
        OpenAPI document = parsed.getOpenAPI();

        assertThat(document.getComponents().getSecuritySchemes()).containsKeys("cookieAuth", "bearerAuth");
        assertThat(document.getComponents().getSecuritySchemes().get("cookieAuth").getName()).isEqualTo("access_token");
        assertThat(document.getComponents().getSchemas())
                .containsKeys("ErrorBody", "StatusEvent", "MessageEvent", "DoneEvent", "ErrorEvent", "SyncEvent");
        for (String path : new String[] {"/api/chats/{id}/messages", "/api/chats/{id}/stream"}) {
            Operation stream = path.endsWith("stream") ? document.getPaths().get(path).getGet() : document.getPaths().get(path).getPost();
            assertThat(stream.getResponses().get("200").getContent().get("text/event-stream").getSchema().getOneOf())
                    .as("events of " + path).hasSize(5);
        }

        SoftAssertions softly = new SoftAssertions();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            Object role = operation.getExtensions() == null ? null : operation.getExtensions().get("x-role");
            softly.assertThat(role).as("x-role of " + name).isIn("public", "member", "admin");
            if ("public".equals(role)) {
                softly.assertThat(operation.getSecurity()).as("security of public " + name).isEmpty();
            }
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent().get("application/json") != null) {
                Schema<?> schema = operation.getRequestBody().getContent().get("application/json").getSchema();
                Schema<?> resolved = schema.get$ref() == null ? schema
                        : document.getComponents().getSchemas().get(schema.get$ref().substring("#/components/schemas/".length()));
                softly.assertThat(resolved).as("request body schema of " + name).isNotNull();
                if (resolved != null) {
                    softly.assertThat(resolved.getType()).as("request body type of " + name).isEqualTo("object");
                    softly.assertThat(resolved.getProperties()).as("request body properties of " + name).isNotEmpty();
                }
            }
            operation.getResponses().forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    softly.assertThat(response.getContent()).as(name + " " + code + " content").isNotNull();
                }
            });
        }));
        softly.assertAll();
        // properties are snake_case, as on the wire
        assertThat(document.getComponents().getSchemas().get("ChatSummary").getProperties()).containsKeys("agent_id", "created_at");
    }

    @Test
    void swaggerUiIsServedAtDocsFromTheWebjarAndPointsAtTheDocument() {
        ApiClient anonymous = new TestAccounts(port).anonymous();
        ApiClient.Response page = anonymous.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("/api/openapi.json").contains("/webjars/swagger-ui/swagger-ui-bundle.js");

        ApiClient.Response bundle = anonymous.get("/webjars/swagger-ui/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        assertThat(anonymous.get("/webjars/swagger-ui/swagger-ui.css").status()).isEqualTo(200);
    }
}
