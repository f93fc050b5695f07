package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In development the embedded PostgreSQL keeps its data in a folder, so it survives a restart. */
class EmbeddedDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void dataSurvivesARestartOnTheSameFolder() throws Exception {
        String dataDir = folder.resolve("postgres").toString();
        try (EmbeddedPostgres first = EmbeddedDatabase.launch(dataDir);
             Connection connection = first.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (value text)");
            statement.execute("INSERT INTO kept VALUES ('still here')");
        }
        assertThat(Files.exists(folder.resolve("postgres").resolve("PG_VERSION"))).isTrue();

        try (EmbeddedPostgres second = EmbeddedDatabase.launch(dataDir);
             Connection connection = second.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }
}
