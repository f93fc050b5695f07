package io.chatgateway.auth;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests to the /v1 API (and nothing else) from {@code Authorization: Bearer cgw_...} through the
 * {@link ApiKeyAuthenticator} (apikey.ApiKeyAuthentication). A request without a usable key stays anonymous, and
 * the filter chain answers it 401 ({@code invalid_api_key}).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The API keys authenticate; nothing else may (sessions included). */
    private final RequestMatcher apiKeyPaths;
    private final ApiKeyAuthenticator keys;

    public ApiKeyAuthenticationFilter(RequestMatcher apiKeyPaths, ApiKeyAuthenticator keys) {
        this.apiKeyPaths = apiKeyPaths;
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !apiKeyPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = JwtAuthenticationFilter.bearerTokenOf(request);
        if (key != null) {
            keys.authenticate(key).ifPresent(user -> JwtAuthenticationFilter.authenticate(request, user));
        }
        chain.doFilter(request, response);
    }
}
