package bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Figures one scenario leaves for a later one (B4 splits B2's CPU) and for "What this machine allows". */
final class Results {

    /** B2's round of each target, by target name */
    final Map<String, StreamRun> concurrent = new LinkedHashMap<>();
    StreamSpec concurrentSpec;
    /** B4's split: µs of CPU per extra piece, by target name */
    final Map<String, Double> perPieceMicros = new LinkedHashMap<>();
    /** per target, the largest B3 step it held */
    final Map<String, StreamRun> largestOpenStep = new LinkedHashMap<>();
    /** B5's gateway round, and the round of requests Spring Security refuses: the floor of the stack */
    CrudRound chatList;
    CrudRound refused;

    /** the gateway died during {@code scenario}: what it measured of the gateway there must not be used later */
    void forgetGateway(String scenario) {
        switch (scenario) {
            case "B2" -> concurrent.remove("gateway");
            case "B3" -> largestOpenStep.remove("gateway");
            case "B4" -> perPieceMicros.remove("gateway");
            case "B5" -> {
                chatList = null;
                refused = null;
            }
            default -> {
                // the other scenarios leave nothing for later ones
            }
        }
    }
}
