package io.chatgateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * Copies the authenticated caller into exchange variables {@code userId}, {@code teamId} and {@code role},
 * which routes and SQL use (e.g. {@code :#${variable.teamId}}). Runs first in every HTTP route (see
 * routes/error-handling.camel.yaml). Identity never comes from a message header: those are the client's.
 */
@Component("currentUser")
public class CurrentUser implements Processor {

    public static final String USER_ID = "userId";
    public static final String TEAM_ID = "teamId";
    public static final String ROLE = "role";
    /** Set only when the caller is a team API key (the {@code /v1} API). */
    public static final String API_KEY_ID = "apiKeyId";

    @Override
    public void process(Exchange exchange) {
        if (requestOf(exchange) == null) {
            // a direct: route called from another route, whose message no longer carries the servlet request:
            // the identity set when the HTTP request entered stays as it is
            return;
        }
        exchange.removeVariable(USER_ID);
        exchange.removeVariable(TEAM_ID);
        exchange.removeVariable(ROLE);
        exchange.removeVariable(API_KEY_ID);
        AuthenticatedUser user = of(exchange);
        if (user != null) {
            exchange.setVariable(USER_ID, user.userId());
            exchange.setVariable(TEAM_ID, user.teamId());
            exchange.setVariable(ROLE, user.role());
            if (user.apiKeyId() != null) {
                exchange.setVariable(API_KEY_ID, user.apiKeyId());
            }
        }
    }

    /** The caller of the HTTP request behind this exchange, or null for an anonymous request. */
    public static AuthenticatedUser of(Exchange exchange) {
        HttpServletRequest request = requestOf(exchange);
        return request == null ? null : (AuthenticatedUser) request.getAttribute(AuthenticatedUser.REQUEST_ATTRIBUTE);
    }

    public static HttpServletRequest requestOf(Exchange exchange) {
        Message in = exchange.getIn();
        return in instanceof PlatformHttpMessage http ? http.getRequest() : null;
    }
}
