package io.chatgateway.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies the API does not take, before they reach a route: a body on /api/** must be JSON
 * (Camel's binding would otherwise parse it as a form) unless the endpoint takes a multipart upload, and
 * no body may exceed the configured size, and a JSON body must be UTF-8. The JSON body is read here, up to the
 * limit, so that an oversized or undecodable one is refused before any route runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyPolicyFilter extends OncePerRequestFilter {

    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final JsonErrorWriter errors;
    private final long maxBodyBytes;

    public RequestBodyPolicyFilter(JsonErrorWriter errors, GatewayProperties properties) {
        this.errors = errors;
        this.maxBodyBytes = properties.request().maxBodySize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || !METHODS_WITH_BODY.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = request.getRequestURI().endsWith("/avatar");
        if (!upload && request.getContentLengthLong() > maxBodyBytes) {
            errors.write(response, 413, "Request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        boolean bodyOrType = hasBody(request) || request.getContentType() != null;
        if ((upload || bodyOrType) && !hasAcceptedContentType(request, upload)) {
            errors.write(response, 415, upload
                    ? "Upload the file as multipart/form-data in the field 'file'"
                    : "Content-Type must be application/json");
            return;
        }
        if (upload || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            errors.write(response, 413, "Request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        if (!isUtf8(body)) {
            errors.write(response, 400, "Request body is not valid UTF-8");
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    /** JSON is UTF-8: a body that is not would otherwise fail inside the binding, before any route could answer. */
    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean hasAcceptedContentType(HttpServletRequest request, boolean upload) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return upload ? MediaType.MULTIPART_FORM_DATA.includes(type) : isJson(type);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json");
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
