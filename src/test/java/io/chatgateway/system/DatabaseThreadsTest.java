package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseThreadsTest {

    private final DatabaseThreads threads = new DatabaseThreads(2);

    @AfterEach
    void shutDown() {
        threads.shutDown();
    }

    @Test
    void aPlatformThreadRunsTheWorkItself() throws Exception {
        Thread caller = Thread.currentThread();
        assertThat(threads.call(Thread::currentThread)).isSameAs(caller);
    }

    @Test
    void aVirtualThreadHandsTheWorkToAPlatformThread() throws Exception {
        Thread worker = onVirtualThread(() -> threads.call(Thread::currentThread));
        assertThat(worker.getName()).startsWith("database-");
        assertThat(isVirtual(worker)).isFalse();
    }

    @Test
    void whatTheWorkThrowsReachesTheVirtualThreadUnchanged() throws Exception {
        SQLException refused = new SQLException("duplicate key", "23505");
        Object thrown = onVirtualThread(() -> {
            try {
                return threads.call(() -> {
                    throw refused;
                });
            } catch (SQLException e) {
                return e;
            }
        });
        assertThat(thrown).isSameAs(refused);

        IllegalStateException broken = new IllegalStateException("broken");
        assertThatThrownBy(() -> onVirtualThread(() -> threads.call(() -> {
            throw broken;
        }))).isInstanceOf(ExecutionException.class).cause().isSameAs(broken);
    }

    @Test
    void afterwardsRunsOnTheSameDatabaseThreadOnceTheCallerHasTheResult() throws Exception {
        CompletableFuture<Thread> after = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = onVirtualThread(() -> threads.call(Thread::currentThread, t -> {
            await(release);
            after.complete(Thread.currentThread());
        }));
        // the virtual caller had its result while afterwards was still held
        assertThat(after).isNotDone();
        release.countDown();
        assertThat(after.get(10, TimeUnit.SECONDS)).isSameAs(worker);
        assertThat(worker.getName()).startsWith("database-");
    }

    @Test
    void aPlatformCallerGetsTheResultAndAfterwardsRunsOnADatabaseThread() throws Exception {
        CompletableFuture<Thread> after = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        String result = threads.call(() -> "row", row -> {
            await(release);
            after.complete(Thread.currentThread());
        });
        // the caller has its result while afterwards is still held
        assertThat(result).isEqualTo("row");
        assertThat(after).isNotDone();
        release.countDown();
        assertThat(after.get(10, TimeUnit.SECONDS).getName()).startsWith("database-");
    }

    @Test
    void noResultNothingAfterwards() throws Exception {
        DatabaseThreads one = new DatabaseThreads(1);
        try {
            AtomicBoolean ran = new AtomicBoolean();
            assertThat(one.<String, RuntimeException>call(() -> null, row -> ran.set(true))).isNull();
            // one thread takes its work in order: what the first call left for it would have run before this
            CompletableFuture<String> later = new CompletableFuture<>();
            one.call(() -> "next", later::complete);
            assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo("next");
            assertThat(ran).isFalse();
        } finally {
            one.shutDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the task on a virtual thread (Java 21+; the test is skipped on Java 17, which has none). */
    private static <T> T onVirtualThread(Callable<T> task) throws Exception {
        ExecutorService virtual;
        try {
            virtual = (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "no virtual threads before Java 21");
            throw new IllegalStateException(e);
        }
        try {
            return virtual.submit(() -> {
                assertThat(isVirtual(Thread.currentThread())).isTrue();
                return task.call();
            }).get(10, TimeUnit.SECONDS);
        } finally {
            virtual.shutdown();
        }
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
