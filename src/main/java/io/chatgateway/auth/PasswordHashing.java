package io.chatgateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * bcrypt on a small pool of platform threads with a bounded queue. On virtual threads a hash held its carrier
 * thread for its whole run, so a handful of sign-ins in a loop stalled every stream of the replica (issue 16);
 * platform threads are time-sliced by the OS instead. When the queue is full the caller gets 503 at once rather
 * than waiting behind a flood.
 */
@Component
public class PasswordHashing implements PasswordEncoder {

    public static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt reads no further than 72 bytes: longer passwords are refused rather than silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    static final long RETRY_AFTER_SECONDS = 1;

    private final PasswordEncoder bcrypt;
    private final ThreadPoolExecutor pool;

    @Autowired
    public PasswordHashing(PasswordHashingProperties properties) {
        this(new BCryptPasswordEncoder(properties.bcryptCost()), properties.threads(), properties.passwordHashingQueue());
    }

    PasswordHashing(PasswordEncoder bcrypt, int threads, int queueSize) {
        this.bcrypt = bcrypt;
        BlockingQueue<Runnable> queue = queueSize > 0 ? new ArrayBlockingQueue<>(queueSize) : new SynchronousQueue<>();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, platformThreads(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** A password a new account may have: 8 to 72 characters, at most 72 bytes in UTF-8, no NUL. */
    public static String checkNewPassword(String field, String password) {
        String checked = Fields.rawText(field, password, true, MIN_PASSWORD_LENGTH, MAX_PASSWORD_BYTES);
        if (!fitsBcrypt(checked)) {
            throw ApiException.invalid(field, "must be at most " + MAX_PASSWORD_BYTES
                    + " bytes in UTF-8 (fewer characters when they are not ASCII)");
        }
        return checked;
    }

    /** Whether bcrypt reads all of it. */
    public static boolean fitsBcrypt(CharSequence password) {
        return password.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    @Override
    public String encode(CharSequence password) {
        return run(() -> bcrypt.encode(password));
    }

    @Override
    public boolean matches(CharSequence password, String hash) {
        return run(() -> bcrypt.matches(password, hash));
    }

    /** Runs on the pool and waits; a virtual thread waiting here leaves its carrier free. */
    <T> T run(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new HashingBusy();
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while hashing a password", e);
        }
    }

    int threads() {
        return pool.getCorePoolSize();
    }

    /** Hashes waiting for a thread. */
    int queued() {
        return pool.getQueue().size();
    }

    int queueCapacity() {
        return pool.getQueue().size() + pool.getQueue().remainingCapacity();
    }

    /** Threads hashing now. */
    int busy() {
        return pool.getActiveCount();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    private static ThreadFactory platformThreads() {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** 503 with Retry-After: every hashing thread is busy and the queue is full. */
    static final class HashingBusy extends ApiException {

        HashingBusy() {
            super(503, "Too many sign-ins and registrations at the moment; try again in " + RETRY_AFTER_SECONDS + " s");
        }

        @Override
        public Long retryAfterSeconds() {
            return RETRY_AFTER_SECONDS;
        }
    }
}
