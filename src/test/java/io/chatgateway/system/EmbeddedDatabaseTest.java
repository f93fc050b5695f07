package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In development the embedded PostgreSQL keeps its data in a folder, so it survives a restart; what a start finds
 * left in that folder (see also EmbeddedDatabaseCrashTest, with a real leftover server).
 */
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

    @Test
    void aFolderAnotherRunningServiceHoldsIsRefusedSayingWhatToDo() throws Exception {
        Files.writeString(folder.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");
        try (FileChannel channel = FileChannel.open(folder.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertThatThrownBy(() -> LeftoverPostgres.stopIfAny(folder, Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(DatabaseStartupException.class, e -> {
                        assertThat(e.getMessage()).contains("in use by another running Chat Gateway");
                        assertThat(e.action()).contains("EMBEDDED_DATABASE_DIR");
                    });
        }
        assertThat(new DatabaseStartupFailureAnalyzer().analyze(LeftoverPostgres.inUse(folder)).getAction())
                .contains("EMBEDDED_DATABASE_DIR");
    }

    @Test
    void aPostmasterPidNamingAProcessThatIsNoPostgresIsRemoved() throws Exception {
        // e.g. after a reboot the PID belongs to something else; PostgreSQL would refuse to start over it
        Path pidFile = folder.resolve("postmaster.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n" + folder + "\n");

        LeftoverPostgres.stopIfAny(folder, Duration.ofSeconds(1));

        assertThat(pidFile).doesNotExist();
    }
}
