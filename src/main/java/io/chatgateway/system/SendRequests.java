package io.chatgateway.system;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/** Recognises a send ({@code POST /api/chats/{id}/messages}) in servlet filters, before any route has run. */
public final class SendRequests {

    private static final Pattern SEND = Pattern.compile("/api/chats/[^/]+/messages/?");

    private SendRequests() {
    }

    public static boolean isSend(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && SEND.matcher(request.getRequestURI()).matches();
    }
}
