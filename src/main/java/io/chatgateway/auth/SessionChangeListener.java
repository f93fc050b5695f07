package io.chatgateway.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hears the {@code user_sessions} notifications of the V3 trigger and evicts the named users from
 * {@link ActiveSessions}. Its connection is its own, opened with the pool's URL and credentials: it waits on the
 * socket all the time, and a pooled connection would be lost to the pool and would not say when it breaks.
 * While it is not listening (start-up, lost connection, shutdown) the cache serves nothing; it reconnects with backoff.
 */
@Component
class SessionChangeListener implements SmartLifecycle {

    static final String APPLICATION_NAME = "chat-gateway session listener";
    static final String CHANNEL = "user_sessions";

    private static final Logger log = LoggerFactory.getLogger(SessionChangeListener.class);
    /** How long a wait for notifications lasts before the connection is checked (a silent network loss). */
    private static final int WAIT_MILLIS = 5_000;
    private static final int CHECK_TIMEOUT_SECONDS = 5;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final ActiveSessions sessions;
    private final HikariDataSource pool;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    SessionChangeListener(ActiveSessions sessions, HikariDataSource pool, MeterRegistry registry) {
        this.sessions = sessions;
        this.pool = pool;
        Gauge.builder("chatgateway.session.cache.listening", sessions, s -> s.isListening() ? 1 : 0)
                .description("1 while session changes are heard and the session cache is used; 0: every request reads its users row")
                .register(registry);
    }

    @Override
    public void start() {
        if (!sessions.enabled()) {
            log.info("Session cache off (SESSION_CACHE_TTL=0): every request reads its users row");
            return;
        }
        running = true;
        thread = new Thread(this::run, "session-change-listener");
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
                log.debug("Closing the session listener's connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        try {
            thread.join(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                    statement.execute("LISTEN " + CHANNEL);
                }
                sessions.listening();
                if (lostAt == null) {
                    log.info("Session cache on: listening for session changes on '{}'", CHANNEL);
                } else {
                    log.info("Session listener reconnected after {} ms; session cache cleared and on again",
                            Duration.between(lostAt, Instant.now()).toMillis());
                }
                lostAt = null;
                retry = FIRST_RETRY;
                evictUntilBroken(listening);
            } catch (SQLException | RuntimeException e) {
                sessions.notListening();
                if (!running) {
                    break;
                }
                if (lostAt == null) {
                    lostAt = Instant.now();
                    log.warn("Session listener not connected ({}); every request reads its users row until it is",
                            e.getMessage());
                } else {
                    log.debug("Session listener still not connected: {}", e.getMessage());
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
        sessions.notListening();
        log.info("Session listener stopped");
    }

    private void evictUntilBroken(Connection listening) throws SQLException {
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
                evict(notification.getParameter());
            }
        }
    }

    private void evict(String userId) {
        try {
            sessions.evict(UUID.fromString(userId));
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a '{}' notification that names no user: '{}'", CHANNEL, userId);
        }
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
