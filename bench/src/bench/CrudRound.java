package bench;

/** A measured round of GET requests: throughput, latency, and CPU per request (ms) of the target, the bench, PostgreSQL, and the share of the target's CPU that its JIT
 * compiler threads used (JVM targets; 0 otherwise). */
record CrudRound(double rps, long errors, Stats latency, double targetMs, double selfMs, double dbMs,
                 double compilerShare) {
}
