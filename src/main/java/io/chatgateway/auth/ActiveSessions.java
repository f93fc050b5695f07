package io.chatgateway.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The session behind a verified token (the users row: active, same token version, team and role), cached so that
 * a request does not read that row every time (bench/results: a third of PostgreSQL's CPU).
 * <p>
 * Correct across replicas because every change to a session names its user on the {@code user_sessions} channel
 * (V3 trigger), which {@link SessionChangeListener} turns into {@link #evict}; while the listener is not connected
 * nothing is served from here. What is left: between the commit of a change made on another replica and the arrival
 * of its notification (milliseconds), this replica may still accept the old session. The TTL is a safety net only.
 * <p>
 * One entry per user: only the current token version can be valid, so an older version is a miss (and a refusal).
 * Refusals are not cached.
 */
@Component
public class ActiveSessions {

    private static final int MAX_USERS = 10_000;

    private final AccountStore accounts;
    private final boolean enabled;
    private final Cache<UUID, Session> sessions;
    /** Counts evictions: a row read before an eviction must not stay cached after it. */
    private final AtomicLong evictions = new AtomicLong();
    private volatile boolean listening;

    public ActiveSessions(AccountStore accounts, @Value("${chatgateway.auth.session-cache-ttl}") Duration ttl) {
        this.accounts = accounts;
        this.enabled = !ttl.isZero();
        this.sessions = Caffeine.newBuilder().maximumSize(MAX_USERS).expireAfterWrite(ttl).build();
    }

    /** The caller behind a verified token, if the user is still active and the token not revoked. */
    public Optional<AuthenticatedUser> find(UUID userId, int tokenVersion) {
        if (!listening) {
            return accounts.findActiveSession(userId, tokenVersion);
        }
        Session cached = sessions.getIfPresent(userId);
        if (cached != null && cached.tokenVersion() == tokenVersion) {
            return Optional.of(cached.user());
        }
        long evictionsBefore = evictions.get();
        Optional<AuthenticatedUser> found = accounts.findActiveSession(userId, tokenVersion);
        found.ifPresent(user -> {
            sessions.put(userId, new Session(tokenVersion, user));
            // an eviction (or a lost listener) since the read may concern this very row: it counts, not the read
            if (evictions.get() != evictionsBefore || !listening) {
                sessions.invalidate(userId);
            }
        });
        return found;
    }

    /**
     * Forgets the user's session on this replica: now, or when the current transaction commits (until then other
     * requests still read the old row and could cache it again). Other replicas hear of it from the trigger.
     */
    public void evict(UUID userId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    evictNow(userId);
                }
            });
        } else {
            evictNow(userId);
        }
    }

    private void evictNow(UUID userId) {
        evictions.incrementAndGet();
        sessions.invalidate(userId);
    }

    boolean enabled() {
        return enabled;
    }

    boolean isListening() {
        return listening;
    }

    /** The listener hears every change from now on: start afresh, then serve. */
    void listening() {
        clear();
        listening = true;
    }

    /** Changes may go unheard: serve nothing until {@link #listening()}. */
    void notListening() {
        listening = false;
        clear();
    }

    private void clear() {
        evictions.incrementAndGet();
        sessions.invalidateAll();
    }

    private record Session(int tokenVersion, AuthenticatedUser user) {
    }
}
