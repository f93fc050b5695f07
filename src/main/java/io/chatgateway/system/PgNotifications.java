package io.chatgateway.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN for the whole replica, on one connection of its own (opened with the pool's URL and credentials:
 * it waits on the socket all the time, and a pooled connection would be lost to the pool and would not say when it
 * breaks). Notifications are only hints: they are lost while the connection is down, so every subscriber is told when
 * listening starts and stops and must catch up by reading the database. Needs a direct or session-mode connection:
 * PgBouncer in transaction mode breaks LISTEN.
 */
@Component
public class PgNotifications implements SmartLifecycle {

    public static final String APPLICATION_NAME = "chat-gateway listener";

    /** What hears one channel. Called on the listener's thread: return quickly. */
    public interface Subscriber {
        /** Listening (again): whatever was notified while it was not must be read from the database. */
        void listening();

        void notified(String payload);

        /** Notifications may go unheard from now on. */
        void notListening();
    }

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_]+");
    /** How long a wait for notifications lasts before the connection is checked (a silent network loss). */
    private static final int WAIT_MILLIS = 5_000;
    private static final int CHECK_TIMEOUT_SECONDS = 5;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final HikariDataSource pool;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public PgNotifications(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Before the application starts (e.g. from a constructor). */
    public void subscribe(String channel, Subscriber subscriber) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    @Override
    public void start() {
        running = true;
        if (subscribers.isEmpty()) {
            return;
        }
        thread = new Thread(this::run, "pg-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Connection current = connection;
        if (current != null) {
            try {
                current.abort(Runnable::run); // wakes the wait for notifications
            } catch (SQLException e) {
                log.debug("Closing the listener's connection: {}", e.getMessage());
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        Instant lostAt = null;
        while (running) {
            try (Connection listening = connect()) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                each(Subscriber::listening);
                if (lostAt == null) {
                    log.info("Listening for notifications on {}", subscribers.keySet());
                } else {
                    log.info("Notification listener reconnected after {} ms", Duration.between(lostAt, Instant.now()).toMillis());
                }
                lostAt = null;
                retry = FIRST_RETRY;
                dispatchUntilBroken(listening);
            } catch (SQLException | RuntimeException e) {
                each(Subscriber::notListening);
                if (!running) {
                    break;
                }
                if (lostAt == null) {
                    lostAt = Instant.now();
                    log.warn("Notification listener not connected ({}); reconnecting", e.getMessage());
                } else {
                    log.debug("Notification listener still not connected: {}", e.getMessage());
                }
            } finally {
                connection = null;
            }
            if (!pause(retry)) {
                break;
            }
            Duration doubled = retry.multipliedBy(2);
            retry = doubled.compareTo(LAST_RETRY) < 0 ? doubled : LAST_RETRY;
        }
        each(Subscriber::notListening);
        log.info("Notification listener stopped");
    }

    private void dispatchUntilBroken(Connection listening) throws SQLException {
        PGConnection notifications = listening.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
            if (received == null || received.length == 0) {
                if (!listening.isValid(CHECK_TIMEOUT_SECONDS)) {
                    throw new SQLException("connection check failed");
                }
                continue;
            }
            for (PGNotification notification : received) {
                for (Subscriber subscriber : subscribers.getOrDefault(notification.getName(), List.of())) {
                    try {
                        subscriber.notified(notification.getParameter());
                    } catch (RuntimeException e) {
                        log.warn("A '{}' notification failed: {}", notification.getName(), e.toString());
                    }
                }
            }
        }
    }

    private void each(java.util.function.Consumer<Subscriber> call) {
        subscribers.values().forEach(list -> list.forEach(call));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    private boolean pause(Duration retry) {
        try {
            Thread.sleep(retry.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
