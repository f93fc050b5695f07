package io.chatgateway.system;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Platform threads for the statements on a send's path (its start and its end). On a virtual thread, every round
 * trip to PostgreSQL parks the thread, and the reply then waits for a carrier behind the streams' runnable virtual
 * threads — at hundreds of streams tens of milliseconds, all that time holding one of the pool's connections, so
 * that the next sends queue for the pool (B2: a wait of 0.4 s on average, p99 2.5–3.2 s). A platform thread blocked
 * on the socket is woken by the kernel when the reply arrives. As many threads as the pool has connections: work
 * beyond that waits in this queue, in order, instead of in the pool.
 */
@Component
public class DatabaseThreads {

    /** {@code Thread.isVirtual()} (Java 21+), or null on Java 17, where no thread is virtual. */
    private static final MethodHandle IS_VIRTUAL = isVirtualMethod();

    private final ExecutorService threads;

    @Autowired
    public DatabaseThreads(GatewayProperties properties) {
        this(properties.database().poolSize());
    }

    DatabaseThreads(int size) {
        threads = Executors.newFixedThreadPool(size, new CustomizableThreadFactory("database-") {
            {
                setDaemon(true);
            }
        });
    }

    /** Runs the work on a database thread when the caller is a virtual thread, else on the caller's own. */
    public <T, E extends Exception> T call(Work<T, E> work) throws E {
        return call(work, null);
    }

    /**
     * Like {@link #call(Work)}, and then, without delaying the caller, {@code afterwards} with the result (when the
     * work returned one): on the same database thread after the caller has the result, or on a database thread of
     * its own when the caller ran the work itself. For a transaction's commit, which need not delay its caller.
     */
    public <T, E extends Exception> T call(Work<T, E> work, Consumer<? super T> afterwards) throws E {
        if (!onVirtualThread()) {
            T result = work.run();
            if (afterwards != null && result != null) {
                threads.execute(() -> afterwards.accept(result));
            }
            return result;
        }
        CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();
        threads.execute(() -> {
            Outcome<T> done = Outcome.of(work);
            outcome.complete(done);
            if (afterwards != null && done.value() != null) {
                afterwards.accept(done.value());
            }
        });
        return outcome.join().<E>get();
    }

    @PreDestroy
    void shutDown() {
        threads.shutdown();
    }

    private static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualMethod() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Work that may throw a checked exception of one type. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** The work's result or what it threw, carried back to the caller's thread unchanged. */
    private record Outcome<T>(T value, Throwable thrown) {

        static <T, E extends Exception> Outcome<T> of(Work<T, E> work) {
            try {
                return new Outcome<>(work.run(), null);
            } catch (Throwable e) {
                return new Outcome<>(null, e);
            }
        }

        @SuppressWarnings("unchecked")
        <E extends Exception> T get() throws E {
            if (thrown == null) {
                return value;
            }
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (E) thrown;
        }
    }
}
