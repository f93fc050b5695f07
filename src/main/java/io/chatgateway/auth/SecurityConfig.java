package io.chatgateway.auth;

import java.io.IOException;
import java.util.List;

import io.chatgateway.system.OpenAiError;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.JsonErrorWriter;
import io.chatgateway.system.ManagementPort;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The filter chain: who the caller is (JWT cookie or bearer), which origins may call, and where role rules come
 * from: every {@code /api/} verb is guarded by the role declared next to it in its route file ({@link VerbRoles}).
 * Team scoping lives in the SQL.
 * No CSRF tokens: the cookie is SameSite=Strict and cross-origin browser requests are refused unless their
 * Origin is in ALLOWED_ORIGINS (the CORS filter rejects them before anything runs).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    /** Paths outside the REST API (the API's public verbs declare {@code role: public} in their route files). */
    private static final String[] PUBLIC_PATHS = {
            "/docs", "/docs/**", "/webjars/**", "/actuator/health", "/actuator/health/**",
            "/error", "/", "/favicon.ico", "/index.html", "/app/**"};

    /**
     * The chat page's policy (static/index.html and static/app): its scripts and styles are files of this origin,
     * never inline, so markup that slipped into an answer cannot run. Swagger UI at /docs has an inline script, and
     * API responses are not documents: neither gets it.
     */
    private static final String PAGE_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";

    /**
     * The OpenAI-compatible API: team API keys ({@link ApiKeyAuthenticationFilter}) authenticate these paths and no
     * other, sessions never reach them, and its refusals are OpenAI error objects ({@link OpenAiError}).
     */
    static final RequestMatcher API_KEY_PATHS = PathPatternRequestMatcher.withDefaults().matcher("/v1/**");

    /**
     * requestMatchers("/path") become path patterns (as Spring Security 7 does by default) instead of
     * MvcRequestMatcher, which asks Spring MVC for the request's handler: the routes are Camel's, and that lookup
     * cost CPU on every request. Same PathPattern syntax and matching as before.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * No Micrometer observations around each security filter and authorization decision: even when disabled by
     * management.observations.enable.spring.security, their wrappers ran on every request (bench/results).
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    public SecurityFilterChain securityFilterChain(HttpSecurity http, JwtService jwt, ActiveSessions sessions,
                                                   JsonErrorWriter errors, GatewayProperties properties,
                                                   ManagementPort managementPort, VerbRoles verbRoles,
                                                   ApiKeyAuthenticator apiKeys) throws Exception {
        http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        // avatars carry their own cache headers (private, revalidated with the ETag)
                        .cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/agents/*/avatar")),
                                new CacheControlHeadersWriter()))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(
                                new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                                        PathPatternRequestMatcher.withDefaults().matcher("/docs"), API_KEY_PATHS)),
                                new StaticHeadersWriter("Content-Security-Policy", PAGE_CONTENT_SECURITY_POLICY)))
                        .withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    // security headers written before the route thread touches the response (see design notes)
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .addFilterBefore(corsFilter(properties, errors), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new JwtAuthenticationFilter(jwt, sessions, API_KEY_PATHS), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(API_KEY_PATHS, apiKeys), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        // the built-in demo agent's webhook (routes/demo-agent.camel.yaml) exists only in development
                        .requestMatchers(request -> !properties.isProduction()
                                && request.getRequestURI().startsWith("/demo/")).permitAll()
                        .requestMatchers("/api/**").access(verbRoles)
                        .requestMatchers(API_KEY_PATHS).access((authentication, context) -> new AuthorizationDecision(
                                authentication.get() != null
                                        && authentication.get().getPrincipal() instanceof AuthenticatedUser user
                                        && user.isApiKey()))
                        // production: metrics and info only on the unpublished management port (MANAGEMENT_PORT)
                        .requestMatchers("/actuator/**").access((authentication, context) ->
                                new org.springframework.security.authorization.AuthorizationDecision(
                                        !properties.isProduction() || managementPort.received(context.getRequest())))
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> {
                            if (API_KEY_PATHS.matches(request)) {
                                OpenAiError.write(response, 401, request.getHeader("Authorization") == null
                                                ? "Missing API key: send it as Authorization: Bearer cgw_..."
                                                : "Invalid API key (unknown, revoked or expired)",
                                        OpenAiError.INVALID_REQUEST, OpenAiError.INVALID_API_KEY);
                            } else if (isPageRequest(request)) {
                                // no page needs a session: one asked for anonymously is simply not there
                                // (page.PageErrorViews renders the 404 page)
                                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                            } else {
                                errors.write(response, 401, "Not authenticated");
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (API_KEY_PATHS.matches(request)) {
                                OpenAiError.write(response, 403, "Only team API keys may call this API",
                                        OpenAiError.INVALID_REQUEST, "permission_denied");
                            } else {
                                errors.write(response, 403, "Not allowed for your role");
                            }
                        }));
        return http.build();
    }

    /** A browser asking for a document: GET or HEAD outside the API and the actuator. */
    private static boolean isPageRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean read = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
        return read && !path.equals("/api") && !path.startsWith("/api/")
                && !path.equals("/actuator") && !path.startsWith("/actuator/");
    }

    private static CorsFilter corsFilter(GatewayProperties properties, JsonErrorWriter errors) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.auth().allowedOriginList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Content-Type", "Authorization", "Accept", "Last-Event-ID"));
        cors.setExposedHeaders(List.of("Retry-After", "ETag", "X-Gateway-Overhead-Ms"));
        cors.setAllowCredentials(true);
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(ServerHttpResponse response) throws IOException {
                HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
                errors.write(servletResponse, 403, "Origin not allowed");
            }
        });
        return filter;
    }
}
