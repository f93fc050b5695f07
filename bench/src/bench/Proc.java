package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU time and resident memory of a process and its descendants, read from /proc (Linux only). */
final class Proc {

    private static final long TICK_NANOS = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

    private Proc() {
    }

    static List<Long> tree(long root) {
        List<Long> pids = new ArrayList<>();
        if (root <= 0) {
            return pids;
        }
        pids.add(root);
        try (var dirs = Files.list(Path.of("/proc"))) {
            List<long[]> parents = new ArrayList<>();
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] stat = stat(Long.parseLong(name));
                if (stat != null) {
                    parents.add(new long[] {Long.parseLong(name), Long.parseLong(stat[1])});
                }
            }
            for (int i = 0; i < pids.size(); i++) {
                long parent = pids.get(i);
                for (long[] pp : parents) {
                    if (pp[1] == parent && !pids.contains(pp[0])) {
                        pids.add(pp[0]);
                    }
                }
            }
        } catch (IOException e) {
            // /proc unreadable: only the root is known
        }
        return pids;
    }

    /**
     * user + system CPU of the process and its descendants, in nanoseconds (10 ms resolution). Descendants that
     * have ended count too (through their parent's cutime/cstime): PostgreSQL's backends come and go, and
     * without them a window in which a backend ended would lose its whole CPU time, even show a negative figure.
     */
    static long cpuNanos(long root) {
        long ticks = 0;
        for (long pid : tree(root)) {
            String[] stat = stat(pid);
            if (stat != null) {
                ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
                        + Long.parseLong(stat[14]);
            }
        }
        return ticks * TICK_NANOS;
    }

    /** system (kernel) CPU of the process and its descendants, in nanoseconds: the part of {@link #cpuNanos} in syscalls */
    static long sysNanos(long root) {
        long ticks = 0;
        for (long pid : tree(root)) {
            String[] stat = stat(pid);
            if (stat != null) {
                ticks += Long.parseLong(stat[12]) + Long.parseLong(stat[14]);
            }
        }
        return ticks * TICK_NANOS;
    }

    /**
     * Context switches (voluntary and not) of every thread of the process and its descendants: a thread that
     * blocks, or hands work to another, switches. Threads that ended meanwhile are not counted (the JVM's carriers,
     * pollers and nginx's workers live as long as the process).
     */
    static long contextSwitches(long root) {
        long switches = 0;
        for (long pid : tree(root)) {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                                switches += Long.parseLong(line.replaceAll("[^0-9]", ""));
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return switches;
    }

    /**
     * user + system CPU of the JVM's JIT compiler threads ("C1/C2 CompilerThre…") of one process, in nanoseconds:
     * while they are busy the code measured is still being compiled, not running as it will once warm.
     */
    static long compilerNanos(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String[] stat = Files.readString(task.resolve("comm")).contains("CompilerThre")
                            ? stat(task.resolve("stat")) : null;
                    if (stat != null) {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return ticks * TICK_NANOS;
    }

    /** the process exists and has not ended (a zombie waiting for its parent counts as ended) */
    static boolean alive(long pid) {
        String[] stat = pid > 0 ? stat(pid) : null;
        return stat != null && !stat[0].equals("Z") && !stat[0].equals("X");
    }

    /**
     * CPU time the whole machine spent busy (all cores; /proc/stat: user, nice, system, irq, softirq and steal, i.e.
     * everything but idle and I/O wait), in nanoseconds: with every process on the same cores, what is left idle says
     * whether a target that falls short was short of CPU or waiting.
     */
    static long machineBusyNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                        busy += Long.parseLong(f[i]);
                    }
                    return busy * TICK_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** resident set size of the process and its descendants, in bytes */
    static long rssBytes(long root) {
        long kb = 0;
        for (long pid : tree(root)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return kb * 1024;
    }

    /**
     * fields of /proc/pid/stat after the command name: [0]=state, [1]=ppid, [11]=utime, [12]=stime, [13]=cutime
     * (ended and waited-for children), [14]=cstime
     */
    private static String[] stat(long pid) {
        return stat(Path.of("/proc/" + pid + "/stat"));
    }

    /** the same of a stat file: a process's, or one thread's (/proc/pid/task/tid/stat) */
    private static String[] stat(Path file) {
        try {
            String s = Files.readString(file);
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
