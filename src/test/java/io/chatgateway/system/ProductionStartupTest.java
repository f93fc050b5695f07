package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import org.junit.jupiter.api.Test;

/** ENVIRONMENT=production refuses to start on development defaults, saying what is missing. */
@MultiInstanceTest
class ProductionStartupTest {

    @Test
    void productionWithoutDatabaseUrlRefusesToStart() {
        assertThat(rootCauseOfStarting("chatgateway.database.url", ""))
                .contains("ENVIRONMENT=production needs DATABASE_URL");
    }

    @Test
    void productionWithoutJwtSecretRefusesToStart() {
        assertThat(rootCauseOfStarting("chatgateway.jwt.secret", ""))
                .contains("ENVIRONMENT=production needs JWT_SECRET_KEY");
    }

    @Test
    void aJwtSecretShorterThan32BytesIsRefused() {
        assertThat(rootCauseOfStarting("chatgateway.jwt.secret", "only-31-bytes-long-0123456789ab"))
                .contains("at least 32 bytes");
    }

    private static String rootCauseOfStarting(String property, String value) {
        return ExtraInstance.production("production-refused").with(property, value).refusalToStart().getMessage();
    }
}
