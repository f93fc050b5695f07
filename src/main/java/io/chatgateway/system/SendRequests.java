package io.chatgateway.system;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Recognises a send ({@code POST /api/chats/{id}/messages}) and an attach to a running answer
 * ({@code GET /api/chats/{id}/stream}) in servlet filters, before any route has run.
 */
public final class SendRequests {

    private static final Pattern SEND = Pattern.compile("/api/chats/[^/]+/messages/?");
    private static final Pattern ATTACH = Pattern.compile("/api/chats/[^/]+/stream/?");

    private SendRequests() {
    }

    public static boolean isSend(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && SEND.matcher(request.getRequestURI()).matches();
    }

    public static boolean isAttach(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && ATTACH.matcher(request.getRequestURI()).matches();
    }
}
