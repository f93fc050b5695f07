package io.chatgateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one place where roles are enforced. Each REST verb declares the role it needs next to itself in its route file
 * ({@code security: [{key: role, scopes: public|member|admin}]}); at start-up this reads every verb of the Camel REST
 * model and refuses to start when one has no valid declaration, so a verb cannot be served unguarded. The Spring
 * Security filter chain then asks {@link #check} for every request under {@code /api/}: before any route runs.
 */
@Component
public class VerbRoles implements AuthorizationManager<RequestAuthorizationContext>, ApplicationListener<ApplicationStartedEvent> {

    public static final String KEY = "role";

    /** A verb: its method, path pattern and the role it declared. */
    record Guard(String method, PathPattern path, Role role, String name) {
    }

    private final CamelContext camel;
    private volatile List<Guard> guards;

    public VerbRoles(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Once the routes are loaded and started. An exception here stops the application (Camel's own start-up hooks
     * would only log it); until then every API request is refused.
     */
    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        guards = read(camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions());
    }

    /** Every verb's guard; refuses (IllegalStateException) any verb that declares no role or an unknown one. */
    static List<Guard> read(List<RestDefinition> rests) {
        PathPatternParser parser = new PathPatternParser();
        List<Guard> read = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String method = verb.asVerb().toUpperCase(Locale.ROOT);
                String path = join(rest.getPath(), verb.getPath());
                String name = method + " " + path;
                Role role = declaredRole(verb);
                if (role == null) {
                    undeclared.add(name);
                } else {
                    read.add(new Guard(method, parser.parse(path), role, name));
                }
            }
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("REST verbs without a role declaration (add `security: [{key: role, "
                    + "scopes: public|member|admin}]` next to each): " + String.join(", ", undeclared));
        }
        return List.copyOf(read);
    }

    private static Role declaredRole(VerbDefinition verb) {
        List<SecurityDefinition> security = verb.getSecurity();
        if (security == null) {
            return null;
        }
        List<SecurityDefinition> roles = security.stream().filter(s -> KEY.equals(s.getKey())).toList();
        return roles.size() == 1 ? Role.parse(roles.get(0).getScopes()) : null;
    }

    /**
     * The role the verb serving this request declared; public for a known path with a method no verb has (nothing
     * runs, the answer is a 405); null when no verb has the path.
     */
    public Role roleFor(HttpServletRequest request) {
        List<Guard> known = guards;
        if (known == null) {
            return null;
        }
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        Role pathOnly = null;
        for (Guard guard : known) {
            if (guard.path().matches(path)) {
                if (guard.method().equals(request.getMethod())) {
                    return guard.role();
                }
                pathOnly = Role.PUBLIC;
            }
        }
        // a known path with another method serves nothing: let it answer 405
        return pathOnly;
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        boolean signedIn = caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
        if (guards == null) {
            return new AuthorizationDecision(false);
        }
        Role role = roleFor(context.getRequest());
        if (role == null) {
            // no verb serves it: only a signed-in caller learns that it is a 404
            return new AuthorizationDecision(signedIn);
        }
        return new AuthorizationDecision(switch (role) {
            case PUBLIC -> true;
            case MEMBER -> signedIn;
            case ADMIN -> signedIn && caller.getAuthorities().stream()
                    .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
        });
    }

    private static String join(String base, String path) {
        if (path == null || path.isEmpty()) {
            return base;
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + (path.startsWith("/") ? path : "/" + path);
    }
}
