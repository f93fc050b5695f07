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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from the {@code access_token} cookie or an {@code Authorization: Bearer} header.
 * The token must verify and still match the user's row (active, same token version); the role comes from
 * the row, so demotions and deactivations act at once ({@link ActiveSessions} caches the row and is told of changes).
 */
public class JwtAuthenticationFilter extends OncePerRequestFilter {

    private final JwtService jwt;
    private final ActiveSessions sessions;

    public JwtAuthenticationFilter(JwtService jwt, ActiveSessions sessions) {
        this.jwt = jwt;
        this.sessions = sessions;
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

    private static void authenticate(HttpServletRequest request, AuthenticatedUser user) {
        var authority = new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase(java.util.Locale.ROOT));
        var authentication = new UsernamePasswordAuthenticationToken(user, null, List.of(authority));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        request.setAttribute(AuthenticatedUser.REQUEST_ATTRIBUTE, user);
    }

    static String tokenOf(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
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
}
