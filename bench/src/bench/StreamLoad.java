package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs streaming lanes against one target and records what they measured: every lane on its own virtual thread,
 * warm-up streams unrecorded, then the recorded rounds with the CPU of the target, PostgreSQL, the load
 * generator and the mock (and, for the gateway, its metrics) taken around them.
 */
final class StreamLoad {

    private final Stack stack;

    StreamLoad(Stack stack) {
        this.stack = stack;
    }

    /**
     * {@code warmup} unrecorded streams per lane, then (all lanes together) {@code rounds} recorded ones. Lanes
     * start spread over {@code spreadMs}. Anything still running at {@code timeoutMs} is cut and counted as an
     * error.
     */
    StreamRun measure(Target t, List<Lane> lanes, int rounds, int warmup, long spreadMs, int expected,
                      long timeoutMs, boolean sampleRss) {
        StreamRun run = new StreamRun();
        CountDownLatch warmedUp = new CountDownLatch(lanes.size());
        CountDownLatch done = new CountDownLatch(lanes.size());
        AtomicLong measuredStart = new AtomicLong();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            long offsetNanos = lanes.size() == 1 ? 0 : spreadMs * 1_000_000L * i / lanes.size();
            Thread.ofVirtual().start(() -> {
                try {
                    for (int r = 0; r < warmup; r++) {
                        sleepNanos(offsetNanos);
                        lane.stream(r, expected);
                    }
                    warmedUp.countDown();
                    warmedUp.await();
                    measuredStart.compareAndSet(0, System.nanoTime());
                    sleepNanos(offsetNanos);
                    for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
                        run.results.add(lane.stream(warmup + r, expected));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        Thread sampler = null;
        if (sampleRss) {
            sampler = Thread.ofVirtual().start(() -> {
                while (done.getCount() > 0) {
                    run.maxRss = Math.max(run.maxRss, Proc.rssBytes(t.pid()));
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        boolean scrape = t == stack.gateway && stack.metrics != null;
        try {
            if (warmup > 0) {
                warmedUp.await(timeoutMs, TimeUnit.MILLISECONDS);
            }
            run.metricsBefore = scrape ? stack.metrics.scrape() : null;
            long cpu0 = Proc.cpuNanos(t.pid());
            long sys0 = Proc.sysNanos(t.pid());
            long switches0 = Proc.contextSwitches(t.pid());
            long db0 = Proc.cpuNanos(stack.dbPid);
            long self0 = Proc.cpuNanos(Stack.SELF);
            long mock0 = Proc.cpuNanos(stack.direct.pid());
            long machine0 = Proc.machineBusyNanos();
            if (!done.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
                Bench.log(t.name() + ": time limit reached, closing the remaining streams");
                Lane.closeAll(lanes);
                done.await(10, TimeUnit.SECONDS);
            }
            run.wallNanos = System.nanoTime() - (measuredStart.get() == 0 ? System.nanoTime() : measuredStart.get());
            run.cpuNanos = Proc.cpuNanos(t.pid()) - cpu0;
            run.sysNanos = Proc.sysNanos(t.pid()) - sys0;
            run.contextSwitches = Proc.contextSwitches(t.pid()) - switches0;
            run.dbCpuNanos = Proc.cpuNanos(stack.dbPid) - db0;
            run.selfCpuNanos = Proc.cpuNanos(Stack.SELF) - self0;
            run.mockCpuNanos = Proc.cpuNanos(stack.direct.pid()) - mock0;
            run.machineBusyNanos = machine0 < 0 ? -1 : Proc.machineBusyNanos() - machine0;
            run.metricsAfter = scrape ? stack.metrics.scrape() : null;
            if (sampler != null) {
                sampler.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int missing = lanes.size() * rounds - run.results.size();
        for (int i = 0; i < missing; i++) {
            Client.Result r = new Client.Result();
            r.error = "not run: scenario time limit";
            run.results.add(r);
        }
        run.summarise();
        Bench.log(t.name() + ": " + run.results.size() + " streams, " + run.errors + " errors " + run.errorKinds
                + ", TTFT p50 " + Stats.fmtMs(run.ttft.p(50)) + " p99 " + Stats.fmtMs(run.ttft.p(99)) + " ms");
        return run;
    }

    static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }
}
