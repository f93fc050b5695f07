package io.chatgateway.auth;

import java.util.UUID;

import io.chatgateway.system.PgNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hears the {@code user_sessions} notifications of the V3 trigger and evicts the named users from
 * {@link ActiveSessions}. While notifications are not heard (start-up, lost connection, shutdown) the cache serves
 * nothing.
 */
@Component
class SessionChangeListener implements PgNotifications.Subscriber {

    static final String APPLICATION_NAME = PgNotifications.APPLICATION_NAME;
    static final String CHANNEL = "user_sessions";

    private static final Logger log = LoggerFactory.getLogger(SessionChangeListener.class);

    private final ActiveSessions sessions;

    SessionChangeListener(ActiveSessions sessions, PgNotifications notifications, MeterRegistry registry) {
        this.sessions = sessions;
        Gauge.builder("chatgateway.session.cache.listening", sessions, s -> s.isListening() ? 1 : 0)
                .description("1 while session changes are heard and the session cache is used; 0: every request reads its users row")
                .register(registry);
        if (sessions.enabled()) {
            notifications.subscribe(CHANNEL, this);
        } else {
            log.info("Session cache off (SESSION_CACHE_TTL=0): every request reads its users row");
        }
    }

    @Override
    public void listening() {
        sessions.listening();
    }

    @Override
    public void notified(String userId) {
        try {
            sessions.evict(UUID.fromString(userId));
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a '{}' notification that names no user: '{}'", CHANNEL, userId);
        }
    }

    @Override
    public void notListening() {
        sessions.notListening();
    }
}
