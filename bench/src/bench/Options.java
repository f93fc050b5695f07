package bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The load generator's {@code --name=value} options; a smoke run takes the smaller default of each. */
final class Options {

    private final Map<String, String> values;
    private final boolean smoke;

    private Options(Map<String, String> values) {
        this.values = values;
        this.smoke = values.containsKey("smoke");
    }

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value: " + arg);
            }
            int eq = arg.indexOf('=');
            values.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        return new Options(values);
    }

    boolean smoke() {
        return smoke;
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        String v = values.get(name);
        return v != null && !v.isBlank();
    }

    int integer(String name, int full, int smokeValue) {
        String v = values.get(name);
        return v != null ? Integer.parseInt(v) : smoke ? smokeValue : full;
    }

    /** a process id option, -1 when absent */
    long pid(String name) {
        return has(name) ? Long.parseLong(values.get(name)) : -1;
    }

    /** the options as given, for the report's header (start-up log lines and info texts left out) */
    String commandLine() {
        return values.entrySet().stream()
                .filter(e -> !e.getKey().endsWith("-log") && !e.getKey().endsWith("-info")
                        && !e.getKey().equals("machine"))
                .map(e -> "--" + e.getKey() + (e.getValue().isEmpty() ? "" : "=" + e.getValue()))
                .reduce((a, b) -> a + " " + b).orElse("");
    }
}
