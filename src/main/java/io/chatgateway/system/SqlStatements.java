package io.chatgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * SQL for Java code, read from {@code classpath:sql/<name>.sql} (the same folder the Camel routes read from).
 * Java statements use Spring's {@code :name} parameters; camel-sql ones use {@code :#name}.
 */
@Component
public class SqlStatements {

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public String get(String name) {
        return cache.computeIfAbsent(name, SqlStatements::load);
    }

    private static String load(String name) {
        try {
            return new ClassPathResource("sql/" + name + ".sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing SQL file sql/" + name + ".sql", e);
        }
    }
}
