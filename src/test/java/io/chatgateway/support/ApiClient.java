package io.chatgateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real HTTP against the running service. A client may hold a session token (sent as the access_token
 * cookie, as a browser would) and extra headers added to every request.
 */
public class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String token;

    public ApiClient(int port) {
        this("http://localhost:" + port);
    }

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiClient withToken(String token) {
        this.token = token;
        return this;
    }

    public String token() {
        return token;
    }

    public ApiClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(json(request(path), "POST", body));
    }

    public Response put(String path, Object body) {
        return send(json(request(path), "PUT", body));
    }

    /** Any method, any body and content type (null for none): for the bad-input matrix. */
    public Response raw(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(builder);
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(builder::header);
        if (token != null) {
            builder.header("Cookie", "access_token=" + token);
        }
        return builder;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder builder, String method, Object body) {
        try {
            String text = body instanceof String string ? string : JSON.writeValueAsString(body);
            return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpClient http() {
        return HTTP;
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Response(HttpResponse<String> http) {

        public int status() {
            return http.statusCode();
        }

        public String body() {
            return http.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status() + "): " + http.body(), e);
            }
        }

        public Optional<String> header(String name) {
            return http.headers().firstValue(name);
        }

        /** The value of the access_token cookie this response sets, if any. */
        public Optional<String> sessionToken() {
            return http.headers().allValues("Set-Cookie").stream()
                    .filter(cookie -> cookie.startsWith("access_token="))
                    .map(cookie -> cookie.substring("access_token=".length(), cookie.indexOf(';')))
                    .findFirst();
        }

        @Override
        public String toString() {
            return status() + " " + http.body();
        }
    }
}
