package io.chatgateway.apikey;

import static io.chatgateway.apikey.ApiKeyFixtures.WHOAMI;
import static io.chatgateway.apikey.ApiKeyFixtures.createKey;
import static io.chatgateway.apikey.ApiKeyFixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts.Account;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A key revoked on one replica (or in SQL) is refused by the next request on every other replica: no waiting, as
 * every /v1 request reads its key's row. last_used_at is written once a minute per key, not once per replica.
 */
@GatewayTest
@MultiInstanceTest
class ApiKeyRevocationAcrossReplicasTest extends ApiTestBase {

    static ExtraInstance replica;

    @Autowired
    CamelContext camel;

    Account admin;

    @BeforeEach
    void setUp() throws Exception {
        if (replica == null) {
            replica = ExtraInstance.development("replica-api-keys").start();
            ApiKeyFixtures.addWhoamiRoute(replica.getBean(CamelContext.class));
        }
        ApiKeyFixtures.addWhoamiRoute(camel);
        admin = accounts.newTeamAdmin();
    }

    @AfterAll
    static void stopReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedByTheOtherAtOnce() {
        JsonNode created = createKey(admin, Map.of("name", "both replicas"));
        ApiClient onReplica = withKey(replica.port(), created.get("key").asText());
        ApiClient here = withKey(port, created.get("key").asText());
        assertThat(onReplica.get(WHOAMI).status()).isEqualTo(200);
        assertThat(here.get(WHOAMI).status()).isEqualTo(200);

        assertThat(admin.client().delete("/api/team/api-keys/" + created.get("id").asText()).status()).isEqualTo(204);

        assertThat(onReplica.get(WHOAMI).status()).isEqualTo(401);
        assertThat(here.get(WHOAMI).status()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedInSqlIsRefusedEverywhereAtOnce() {
        JsonNode created = createKey(admin, Map.of("name", "revoked by an operator"));
        ApiClient onReplica = withKey(replica.port(), created.get("key").asText());
        assertThat(onReplica.get(WHOAMI).status()).isEqualTo(200);

        jdbc.update("UPDATE api_keys SET revoked_at = now() WHERE id = ?::uuid", created.get("id").asText());

        assertThat(onReplica.get(WHOAMI).status()).isEqualTo(401);
        assertThat(withKey(port, created.get("key").asText()).get(WHOAMI).status()).isEqualTo(401);
    }

    @Test
    void lastUsedAtIsWrittenOnceAMinuteAcrossReplicas() {
        JsonNode created = createKey(admin, Map.of("name", "busy"));
        String id = created.get("id").asText();
        assertThat(withKey(port, created.get("key").asText()).get(WHOAMI).status()).isEqualTo(200);
        OffsetDateTime first = jdbc.queryForObject("SELECT last_used_at FROM api_keys WHERE id = ?::uuid", OffsetDateTime.class, id);
        assertThat(first).isNotNull();

        assertThat(withKey(replica.port(), created.get("key").asText()).get(WHOAMI).status()).isEqualTo(200);

        assertThat(jdbc.queryForObject("SELECT last_used_at FROM api_keys WHERE id = ?::uuid", OffsetDateTime.class, id))
                .isEqualTo(first);
    }
}
