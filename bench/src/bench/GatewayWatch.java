package bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether the gateway is still a working process: it exists, its port accepts connections, and its log
 * has no {@code OutOfMemoryError} (with {@code -XX:+ExitOnOutOfMemoryError} it then exits; without, it would
 * limp on in an undefined state). Figures measured against a dead gateway are not figures.
 */
final class GatewayWatch {

    private final long pid;
    private final URI base;
    private final Path log;
    private long logOffset;
    private String death;

    GatewayWatch(long pid, URI base, Path log) {
        this.pid = pid;
        this.base = base;
        this.log = log;
    }

    /** null while the gateway works; otherwise why it does not (and it stays that way) */
    String check() {
        if (death != null) {
            return death;
        }
        List<String> why = new ArrayList<>();
        if (pid > 0 && !Proc.alive(pid)) {
            why.add("process " + pid + " gone");
        } else if (portClosed()) {
            why.add("port " + base.getPort() + " refuses connections");
        }
        String oom = outOfMemory();
        if (oom != null) {
            why.add(oom);
        }
        death = why.isEmpty() ? null : String.join("; ", why);
        return death;
    }

    /** refused three times a second apart: a busy accept queue only times out, a closed port refuses */
    private boolean portClosed() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2_000);
                return false;
            } catch (ConnectException e) {
                sleep();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** the first line about an OutOfMemoryError written to the log since the last check */
    private String outOfMemory() {
        if (log == null || !Files.isReadable(log)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            if (length < logOffset) {
                logOffset = 0;
            }
            f.seek(logOffset);
            byte[] added = new byte[(int) Math.min(length - logOffset, 64L << 20)];
            f.readFully(added);
            logOffset = length;
            for (String line : new String(added, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains("OutOfMemoryError")) {
                    String t = line.trim();
                    return "`" + (t.length() > 120 ? t.substring(0, 120) + "…" : t) + "` in its log";
                }
            }
        } catch (IOException e) {
            // an unreadable log tells nothing either way
        }
        return null;
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
