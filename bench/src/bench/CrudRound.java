package bench;

/** A measured round of GET requests: throughput, latency, and CPU per request (ms) of the target, the bench, PostgreSQL. */
record CrudRound(double rps, long errors, Stats latency, double targetMs, double selfMs, double dbMs) {
}
