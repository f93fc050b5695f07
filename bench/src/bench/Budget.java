package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What the machine's CPU leaves for the gateway at a target's rate. All processes of a run share the same
 * cores, so a throughput target is only reachable when the CPU the other processes need at that rate (the
 * load generator, the mock, PostgreSQL; each measured in this run) leaves the gateway at least what the cheapest
 * comparable work costs here. A target whose cheapest comparable work does not fit is out of reach on this
 * machine, whatever the gateway does.
 */
final class Budget {

    private final int cores;
    private final List<String> rows = new ArrayList<>();
    private final List<String> outOfReach = new ArrayList<>();

    Budget(int cores) {
        this.cores = cores;
    }

    /**
     * The rows of the targets whose reach depends on the machine: B3's open streams, B4's CPU per event and B5's
     * request rate. (B2's share of direct's throughput, which needed such a row, is replaced by issue 17's C1–C4:
     * the gateway judged by what it spends and waits for.)
     */
    void compute(Results results) {
        StreamRun gw = results.concurrent.get("gateway");
        StreamRun b3Direct = results.largestOpenStep.get("direct");
        StreamRun b3Nginx = results.largestOpenStep.get("nginx");
        if (b3Direct == null || b3Nginx == null || gw == null) {
            notMeasured("B3", "needs B3's direct and nginx steps and B2");
        } else {
            // 10,000 streams of 10 s held at once: 1,000 new streams every second
            double all = machineMsPer(1000);
            double self = b3Direct.msPerStream(b3Direct.selfCpuNanos);
            double mock = b3Direct.msPerStream(b3Direct.mockCpuNanos);
            double db = gw.msPerStream(gw.dbCpuNanos);
            row("B3", "10,000 streams of 10 s held: 1,000 new streams per second (and two sockets per stream in "
                            + "the gateway: more than this machine's open-file limit): " + Stats.fmt(all)
                            + " ms of CPU per stream for all processes",
                    "load generator " + Stats.fmt(self) + " + mock " + Stats.fmt(mock) + " (direct's largest B3 step, "
                            + b3Direct.results.size() + " streams) + PostgreSQL " + Stats.fmt(db) + " (per send, B2) "
                            + "ms per stream", all - self - mock - db,
                    "nginx in its largest B3 step (" + b3Nginx.results.size() + " streams)",
                    b3Nginx.msPerStream(b3Nginx.cpuNanos), Double.NaN);
        }
        Double mockPerPiece = results.perPieceMicros.get("direct");
        if (gw == null || results.refused == null || mockPerPiece == null || results.concurrentSpec == null) {
            notMeasured("B4", "needs B2, B4's split and B5");
        } else {
            int pieces = results.concurrentSpec.tokens();
            row("B4", "≤ 20 µs per event × " + pieces + " pieces = " + Stats.fmt(0.02 * pieces)
                            + " ms of the gateway's CPU per stream", "—", 0.02 * pieces,
                    "one request refused by Spring Security (B5) " + Stats.fmt(results.refused.targetMs()) + " ms + "
                            + pieces + " × the mock's " + Stats.fmt(mockPerPiece) + " µs to write one piece (a "
                            + "relay also reads it)", results.refused.targetMs() + pieces * mockPerPiece / 1000,
                    gw.msPerStream(gw.cpuNanos));
        }
        CrudRound list = results.chatList;
        if (list == null || results.refused == null) {
            notMeasured("B5", "needs B5");
        } else {
            double all = machineMsPer(2700);
            row("B5", "2,700 req/s: " + Stats.fmt(all) + " ms of CPU per request for all processes",
                    "load generator " + Stats.fmt(list.selfMs()) + " + PostgreSQL " + Stats.fmt(list.dbMs())
                            + " ms per request", all - list.selfMs() - list.dbMs(),
                    "one request refused by Spring Security (no Camel, no SQL)", results.refused.targetMs(),
                    list.targetMs());
        }
    }

    /** CPU (ms) that all cores give per unit of work at {@code perSecond} units per second */
    double machineMsPer(double perSecond) {
        return cores * 1000.0 / perSecond;
    }

    /**
     * @param needs      what the target asks, in words, with the rate or limit it implies
     * @param taken      what the other processes take per unit, in words ("—" when the limit is the gateway's own)
     * @param leftMs     CPU per unit the gateway may use
     * @param cheapest   the cheapest comparable work measured here, in words
     * @param cheapestMs its CPU per unit
     * @param gatewayMs  the gateway's CPU per unit in this run (NaN when not measured)
     */
    void row(String id, String needs, String taken, double leftMs, String cheapest, double cheapestMs,
             double gatewayMs) {
        boolean reachable = leftMs >= cheapestMs;
        if (!reachable) {
            outOfReach.add(id);
        }
        rows.add("| " + id + " | " + needs + " | " + taken + " | " + ms(leftMs) + " | " + cheapest + ": "
                + ms(cheapestMs) + " | " + (Double.isNaN(gatewayMs) ? "—" : ms(gatewayMs)) + " | "
                + (reachable ? "within reach" : "**out of reach here**") + " |");
    }

    void notMeasured(String id, String why) {
        rows.add("| " + id + " | not measured: " + why + " | | | | | |");
    }

    /** the ids whose cheapest comparable work does not fit in what the machine leaves */
    List<String> outOfReach() {
        return outOfReach;
    }

    String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## What this machine allows\n\n")
                .append("The targets are judged on ").append(cores).append(" cores that the load generator, the mock, ")
                .append("nginx, PostgreSQL and the gateway share. From the CPU each process used in this run ")
                .append("(user+sys from /proc), the CPU a target leaves for the gateway once the other processes ")
                .append("have taken theirs, against the cheapest comparable work measured here. **Out of reach ")
                .append("here** means that even that cheapest work does not fit: the target needs the load ")
                .append("generator and the mock off the gateway's cores, or more cores, whatever the gateway does. ")
                .append("The other processes' figures are the lowest this run saw (the load generator and the mock ")
                .append("in the direct round, where nothing else ran), which favours the gateway.\n\n")
                .append("| target | needs | taken by the other processes | left for the gateway | cheapest ")
                .append("comparable work | the gateway now | on this machine |\n|---|---|---|---|---|---|---|\n");
        for (String row : rows) {
            md.append(row).append('\n');
        }
        return md.toString();
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "—" : Stats.fmt(value) + " ms";
    }
}
