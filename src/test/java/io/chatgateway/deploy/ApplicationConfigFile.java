package io.chatgateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/** What config/application.yaml reads from the environment, for checking deployment files against it. */
final class ApplicationConfigFile {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private final String text;
    /** variable name → default, null when the placeholder has none */
    private final Map<String, String> defaults = new LinkedHashMap<>();

    private ApplicationConfigFile(String text) {
        this.text = text;
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            defaults.putIfAbsent(matcher.group(1), matcher.group(2));
        }
    }

    static ApplicationConfigFile load() {
        try {
            return new ApplicationConfigFile(Files.readString(Path.of("config/application.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Variables without a usable default: a deployment must set them (production refuses to start without some). */
    Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        defaults.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                required.add(name);
            }
        });
        return required;
    }

    String defaultOf(String variable) {
        return defaults.get(variable);
    }

    Duration shutdownGracePeriod(Map<String, String> environment) {
        return DurationStyle.detectAndParse(environment.getOrDefault("SHUTDOWN_GRACE_PERIOD", defaultOf("SHUTDOWN_GRACE_PERIOD")));
    }

    /** SHUTDOWN_DRAIN_DELAY: how long after SIGTERM the replica answers readiness DOWN and new sends 503. */
    Duration shutdownDrainDelay(Map<String, String> environment) {
        return DurationStyle.detectAndParse(environment.getOrDefault("SHUTDOWN_DRAIN_DELAY", defaultOf("SHUTDOWN_DRAIN_DELAY")));
    }

    /** camel.main.shutdown-timeout (seconds): how long Camel waits for cut streams after the web server stopped. */
    int camelShutdownTimeoutSeconds() {
        Matcher matcher = Pattern.compile("\\n\\s+shutdown-timeout: (\\d+)").matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("camel.main.shutdown-timeout not found in config/application.yaml");
        }
        return Integer.parseInt(matcher.group(1));
    }
}
