package io.chatgateway.system;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL address as operators write it: {@code postgresql://user:pass@host:port/db}, {@code postgres://…},
 * the seed's {@code postgresql+asyncpg://…}, or a plain {@code jdbc:postgresql://…} URL.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    public static DatabaseUrl parse(String url) {
        String value = url.trim();
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(value, null, null);
        }
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("DATABASE_URL must look like postgresql://user:password@host:5432/database");
        }
        String scheme = value.substring(0, schemeEnd);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") && !scheme.startsWith("postgresql+")) {
            throw new IllegalArgumentException("DATABASE_URL has an unsupported scheme '" + scheme + "'; use postgresql://");
        }
        URI uri = URI.create("postgresql" + value.substring(schemeEnd));
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + host + ":" + port + path + query, username, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
