package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatgateway.relay.N8nStub;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A completion has no chat: its failure is logged under its generation, which the client got as its id. */
@GatewayTest
class CompletionFailureLogTest extends ApiTestBase {

    @Test
    void aFailedCompletionIsLoggedByItsGeneration() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger relay = (Logger) LoggerFactory.getLogger("io.chatgateway.relay.Generation");
        logged.start();
        relay.addAppender(logged);
        try (N8nStub n8n = new N8nStub((request, response) ->
                response.full(500, "application/json", "{\"message\":\"Error in workflow\"}"))) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Failing Bot", n8n.url()).client();

            ApiClient.Response response = client.raw("POST", "/v1/chat/completions", "application/json",
                    "{\"model\":\"failing-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi!\"}]}"
                            .getBytes(StandardCharsets.UTF_8));

            assertThat(response.status()).as(response.toString()).isEqualTo(502);
            String generationId = response.header("X-Generation-Id").orElseThrow();
            assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                    .satisfies(event -> assertThat(event.getFormattedMessage())
                            .startsWith("Answer for completion " + generationId + " failed: upstream_status"));
        } finally {
            relay.detachAppender(logged);
        }
    }
}
