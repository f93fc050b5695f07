package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.chatgateway.ChatGatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/** ENVIRONMENT=production refuses to start on development defaults, saying what is missing. */
class ProductionStartupTest {

    @Test
    void productionWithoutDatabaseUrlRefusesToStart() {
        assertThat(rootCauseOfStarting("--chatgateway.jwt.secret=production-secret-production-secret-0123"))
                .contains("ENVIRONMENT=production needs DATABASE_URL");
    }

    @Test
    void productionWithoutJwtSecretRefusesToStart() {
        assertThat(rootCauseOfStarting(database(), "--chatgateway.jwt.secret="))
                .contains("ENVIRONMENT=production needs JWT_SECRET_KEY");
    }

    @Test
    void aJwtSecretShorterThan32BytesIsRefused() {
        assertThat(rootCauseOfStarting(database(), "--chatgateway.jwt.secret=only-31-bytes-long-0123456789ab"))
                .contains("at least 32 bytes");
    }

    private static String database() {
        return "--chatgateway.database.url=postgresql://postgres@localhost:" + EmbeddedDatabase.start("").getPort() + "/postgres";
    }

    private static String rootCauseOfStarting(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--chatgateway.environment=production";
        all[2] = "--camel.main.jmx-enabled=false";
        System.arraycopy(args, 0, all, 3, args.length);
        Throwable[] failure = new Throwable[1];
        assertThatThrownBy(() -> CompletableFuture.runAsync(() ->
                new SpringApplicationBuilder(ChatGatewayApplication.class).run(all).close()).join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> failure[0] = e);
        return NestedExceptionUtils.getMostSpecificCause(failure[0]).getMessage();
    }
}
