package bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Clients sending the same GET back to back for a while: throughput, latency and CPU per request. */
final class CrudLoad {

    private final Stack stack;

    CrudLoad(Stack stack) {
        this.stack = stack;
    }

    /**
     * {@code warmupSeconds} unrecorded, then {@code seconds} measured; appends one row of B5's table to
     * {@code out} and closes the clients.
     */
    CrudRound row(StringBuilder out, String label, Target t, String path, List<Client> clients, int warmupSeconds,
                  int seconds, int okStatus) throws InterruptedException {
        run(path, clients, warmupSeconds, okStatus);
        long cpu0 = Proc.cpuNanos(t.pid());
        long self0 = Proc.cpuNanos(Stack.SELF);
        long db0 = Proc.cpuNanos(stack.dbPid);
        long jit0 = Proc.compilerNanos(t.pid());
        long[] result = run(path, clients, seconds, okStatus);
        double n = Math.max(1, result[0] + result[1]);
        long targetNanos = Proc.cpuNanos(t.pid()) - cpu0;
        CrudRound cost = new CrudRound(result[0] / (double) seconds, result[1],
                new Stats(Arrays.copyOfRange(result, 2, result.length), (int) result[0]),
                targetNanos / 1e6 / n, (Proc.cpuNanos(Stack.SELF) - self0) / 1e6 / n,
                (Proc.cpuNanos(stack.dbPid) - db0) / 1e6 / n,
                (Proc.compilerNanos(t.pid()) - jit0) / (double) Math.max(1, targetNanos));
        for (Client c : clients) {
            c.close();
        }
        Stats s = cost.latency();
        out.append("| ").append(label).append(" | `").append(path).append("` | ").append(result[0])
                .append(" | ").append(Stats.fmt(cost.rps())).append(" | ").append(Stats.fmtMs(s.p(50))).append(" | ")
                .append(Stats.fmtMs(s.p(99))).append(" | ").append(Stats.fmtMs(s.max())).append(" | ")
                .append(result[1]).append(" | ").append(Stats.fmt(cost.targetMs())).append(" | ")
                .append(Stats.fmt(cost.selfMs())).append(" | ").append(Stats.fmt(cost.dbMs())).append(" |\n");
        return cost;
    }

    /** [0] = requests answered with {@code okStatus}, [1] = errors, [2..] = latencies of the ok requests (ns) */
    long[] run(String path, List<Client> clients, int seconds, int okStatus) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<long[]> perClient = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Client c : clients) {
            threads.add(Thread.ofVirtual().start(() -> {
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    Client.Result r = c.exchange("GET", path, null, "application/json", null, false);
                    if (okStatus == 200 ? !r.ok() : r.status != okStatus) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = r.total;
                }
                perClient.add(Arrays.copyOf(lat, n));
            }));
        }
        for (Thread thread : threads) {
            thread.join(seconds * 1000L + 15_000);
        }
        int total = perClient.stream().mapToInt(a -> a.length).sum();
        long[] out = new long[total + 2];
        out[0] = total;
        out[1] = errors.get();
        int at = 2;
        for (long[] a : perClient) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
