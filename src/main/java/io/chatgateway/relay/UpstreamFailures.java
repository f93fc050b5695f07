package io.chatgateway.relay;

import java.net.SocketTimeoutException;

import io.chatgateway.agent.WebhookUrlPolicy.RefusedHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * How a failed call to n8n is put to the member, the same for a chat's answer ({@link Generation}) and the console's
 * test call ({@link UpstreamTestCall}).
 */
final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** A read timeout while waiting for n8n (a connect timeout is one too, in HttpClient's classes, but not this). */
    static boolean isReadTimeout(Exception e) {
        return e instanceof SocketTimeoutException && !(e instanceof ConnectTimeoutException);
    }

    /** A call that got no answer head, for any reason but a read timeout: connect timeout, refused host, unreachable. */
    static RelayException ofCall(Exception e, StreamSettings settings) {
        if (e instanceof ConnectTimeoutException) {
            return new RelayException(RelayError.CONNECT_TIMEOUT,
                    "Could not connect to the agent within " + seconds(settings.connectTimeoutMs()));
        }
        if (e instanceof RefusedHostException refused) {
            return new RelayException(RelayError.UPSTREAM_UNREACHABLE,
                    "The agent's webhook may not be called: " + refused.getMessage());
        }
        return new RelayException(RelayError.UPSTREAM_UNREACHABLE, "Could not reach the agent's webhook", e);
    }

    /** n8n answered {@code status}, not 2xx; {@code own} is its own message ({@link Generation#ownMessage}) or null. */
    static RelayException ofStatus(int status, String own) {
        return new RelayException(RelayError.UPSTREAM_STATUS, "The agent's webhook answered " + status
                + (own == null ? "" : own.startsWith(" (") ? own : ": " + own));
    }

    /** An agent might quote the token it was called with; it is not the member's (or the admin's) to see. */
    static String withoutToken(String text, String token) {
        return text == null || token == null || token.length() < 8 ? text : text.replace(token, "***");
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
