package io.chatgateway.auth;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from the {@code access_token} cookie or an {@code Authorization: Bearer} header.
 * The token must verify and still match the user's row (active, same token version); the role comes from
 * the row, so demotions and deactivations act at once ({@link ActiveSessions} caches the row and is told of changes).
 * Sessions do not reach the /v1 API (team API keys only, {@link ApiKeyAuthenticationFilter}),
 * and an API key ({@code Bearer cgw_...}) is no session token: it is not even parsed here.
 */
public class JwtAuthenticationFilter extends OncePerRequestFilter {

    private final JwtService jwt;
    private final ActiveSessions sessions;
    private final RequestMatcher apiKeyPaths;

    public JwtAuthenticationFilter(JwtService jwt, ActiveSessions sessions, RequestMatcher apiKeyPaths) {
        this.jwt = jwt;
        this.sessions = sessions;
        this.apiKeyPaths = apiKeyPaths;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return apiKeyPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = tokenOf(request);
        if (token != null) {
            jwt.verify(token)
                    .flatMap(claims -> sessions.find(claims.userId(), claims.tokenVersion()))
                    .ifPresent(user -> authenticate(request, user));
        }
        chain.doFilter(request, response);
    }

    /** Makes the caller the request's principal: for Spring Security's checks and, as an attribute, for the routes. */
    public static void authenticate(HttpServletRequest request, AuthenticatedUser user) {
        var authority = new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase(java.util.Locale.ROOT));
        var authentication = new UsernamePasswordAuthenticationToken(user, null, List.of(authority));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        request.setAttribute(AuthenticatedUser.REQUEST_ATTRIBUTE, user);
    }

    static String tokenOf(HttpServletRequest request) {
        String token = bearerTokenOf(request);
        if (token != null) {
            // an API key is for /v1 only: it authenticates nothing here (and the cookie is not looked at instead)
            return token.isEmpty() || token.startsWith(ApiKeyAuthenticator.PREFIX) ? null : token;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (AuthCookie.NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** The token of an {@code Authorization: Bearer} header (the scheme in any case), or null without one. */
    public static String bearerTokenOf(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }
}
