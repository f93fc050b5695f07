package io.chatgateway.apikey;

import java.io.IOException;
import java.security.MessageDigest;

import io.chatgateway.auth.AuthenticatedUser;
import io.chatgateway.auth.JwtAuthenticationFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests to the /v1 API (and nothing else) from {@code Authorization: Bearer cgw_...}: the key's row
 * is read by its key id on every request (one lookup by a unique index), so a revocation, an expiry or the creator's
 * deactivation acts at once on every replica without a cache to invalidate; the SHA-256 of the key is compared in
 * constant time. The caller is the key's creator with the role {@code user}, its team and its agents. A request
 * without a usable key stays anonymous, and the filter chain answers it 401 ({@code invalid_api_key}).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The API keys authenticate; nothing else may (sessions included). */
    private final RequestMatcher apiKeyPaths;
    private final ApiKeyStore keys;

    public ApiKeyAuthenticationFilter(RequestMatcher apiKeyPaths, ApiKeyStore keys) {
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
        String keyId = key == null ? null : ApiKeyToken.keyIdOf(key);
        if (keyId != null) {
            keys.findUsable(keyId)
                    .filter(found -> MessageDigest.isEqual(found.secretSha256(), ApiKeyToken.sha256(key)))
                    .ifPresent(found -> {
                        if (found.touchDue()) {
                            keys.touch(found.id());
                        }
                        JwtAuthenticationFilter.authenticate(request, new AuthenticatedUser(found.createdBy(),
                                found.teamId(), "user", found.id(), found.agentIds()));
                    });
        }
        chain.doFilter(request, response);
    }
}
