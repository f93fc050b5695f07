package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.chatgateway.ChatGatewayApplication;
import io.chatgateway.system.EmbeddedDatabase;
import org.apache.camel.model.rest.RestDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A REST verb that declares no role cannot be served: the service refuses to start. */
class VerbRolesTest {

    @Test
    void everyVerbMustDeclareAKnownRole() {
        RestDefinition rest = new RestDefinition();
        rest.setPath("/api/things");
        rest.get("/{id}").security(VerbRoles.KEY, "member").to("direct:a");
        rest.post().security(VerbRoles.KEY, "admin").to("direct:b");
        assertThat(VerbRoles.read(List.of(rest))).extracting(VerbRoles.Guard::name, VerbRoles.Guard::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET /api/things/{id}", Role.MEMBER),
                        org.assertj.core.groups.Tuple.tuple("POST /api/things", Role.ADMIN));

        rest.put("/{id}").to("direct:c");
        rest.delete("/{id}").security(VerbRoles.KEY, "owner").to("direct:d");
        assertThatThrownBy(() -> VerbRoles.read(List.of(rest)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PUT /api/things/{id}")
                .hasMessageContaining("DELETE /api/things/{id}")
                .hasMessageNotContaining("GET /api/things/{id}");
    }

    @Test
    void theServiceRefusesToStartWithAnUndeclaredVerb(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("undeclared.camel.yaml"), """
                - rest:
                    path: /api/undeclared
                    get:
                      - id: undeclared-get
                        to: direct:undeclared
                - route:
                    from:
                      uri: direct:undeclared
                      steps:
                        - setBody: {constant: "reachable"}
                """);
        int databasePort = EmbeddedDatabase.start("").getPort();
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(ChatGatewayApplication.class).run(
                "--server.port=0",
                "--chatgateway.database.url=postgresql://postgres@localhost:" + databasePort + "/postgres",
                "--chatgateway.jwt.secret=test-secret-test-secret-test-secret-0123456789",
                "--camel.main.routes-include-pattern=file:routes/*.camel.yaml,file:" + routes + "/*.camel.yaml",
                "--camel.main.jmx-enabled=false",
                "--camel.main.name=undeclared")).join())
                .isInstanceOf(CompletionException.class)
                .rootCause().hasMessageContaining("without a role declaration").hasMessageContaining("GET /api/undeclared");
    }
}
