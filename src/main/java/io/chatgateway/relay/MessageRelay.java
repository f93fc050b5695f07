package io.chatgateway.relay;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatgateway.auth.CurrentUser;
import io.chatgateway.chat.ChatMessage;
import io.chatgateway.chat.SendMessageRequest;
import io.chatgateway.generation.Generations;
import io.chatgateway.generation.LiveGeneration;
import io.chatgateway.generation.Turn;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.ErrorBody;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Sending a message, the one call of the messages route: saves the user message and starts the chat's generation,
 * reading its agent in the same statement (404, 409 when one is running already or the agent may not be called),
 * runs the {@link Generation} and answers the client, as SSE written straight to the servlet response (the route's reply stays
 * empty), or, for {@code Accept: application/json} clients, with the saved assistant message.
 */
@Component("messageRelay")
public class MessageRelay {

    static final String GENERATION_HEADER = "X-Generation-Id";
    static final String BUSY = "The service is answering as many messages as it can; send the message again in a few seconds";

    private static final Logger log = LoggerFactory.getLogger(MessageRelay.class);

    private final RelayServices services;
    private final ChatAgents chatAgents;
    private final int maxContentLength;

    MessageRelay(RelayServices services, ChatAgents chatAgents) {
        this.services = services;
        this.chatAgents = chatAgents;
        this.maxContentLength = services.properties().maxContentLength();
    }

    /**
     * Relays one message. The reply is the message body: the saved assistant message (or {@code {"detail"}} with
     * the failure's status) for JSON clients; nothing for SSE clients, whose answer is written already.
     * Refusals before anything is saved are {@link ApiException}s (404, 409, 422), or a 503 with Retry-After when
     * the replica runs as many answers as it may ({@link RunningGenerations}).
     */
    public void send(@Variable("chatId") UUID chatId, @Body SendMessageRequest request,
                     @Variable(CurrentUser.TEAM_ID) UUID teamId, @Variable(CurrentUser.USER_ID) UUID userId,
                     Exchange exchange) throws IOException {
        Turn turn = turn(RequestBodies.require(request));
        if (!services.running().tryStart()) {
            throw ApiException.unavailable(BUSY, RunningGenerations.RETRY_AFTER_SECONDS);
        }
        try {
            relay(turn, chatId, teamId, userId, exchange);
        } finally {
            services.running().finished();
        }
    }

    private void relay(Turn turn, UUID chatId, UUID teamId, UUID userId, Exchange exchange) throws IOException {
        Generations.Started<ChatAgent> started = start(turn, chatId, teamId, userId);
        LiveGeneration live = started.generation();
        long overheadMs = Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated());
        long startNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(overheadMs);
        services.metrics().overhead(TimeUnit.MILLISECONDS.toNanos(overheadMs));

        RelayJob job = new RelayJob(new UpstreamRequest(started.target(), started.history(), userId, teamId), startNanos, live);
        Generation generation = new Generation(job, services);

        if (wantsJson(exchange.getIn().getHeader("Accept", String.class))) {
            Generation.Result result = generation.run();
            if (result.error() != null) {
                respondWithError(exchange, result.error().httpStatus, result.message());
                return;
            }
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("X-Gateway-Overhead-Ms", overheadMs);
            exchange.getMessage().setHeader(GENERATION_HEADER, live.id().toString());
            exchange.getMessage().setBody(result.savedMessage());
            return;
        }
        SseStream sse = SseStream.open(exchange.getIn(PlatformHttpMessage.class).getResponse(), overheadMs, live.id(),
                generation::clientGone);
        generation.attach(sse);
        generation.run();
        // the events are written; the binding must add nothing after them
        exchange.getMessage().setBody(null);
    }

    /**
     * The message saved and the generation started with the chat's agent read in the same statement (404, 409 when
     * the agent may not be called: nothing saved); a database failure here is a 503 (nothing was saved).
     */
    private Generations.Started<ChatAgent> start(Turn turn, UUID chatId, UUID teamId, UUID userId) {
        try {
            return services.generations().start(turn, chatId, teamId, userId, chatAgents);
        } catch (DataAccessException e) {
            log.warn("The message to chat {} could not be saved: {}", chatId, e.toString());
            throw new ApiException(503, "Your message could not be saved; please send it again");
        }
    }

    /** A message to append, an answer again (regenerate), or a message replaced (edit). */
    private Turn turn(SendMessageRequest request) throws JsonProcessingException {
        if (request.regenerates()) {
            return Turn.regenerate();
        }
        String message = services.json().writeValueAsString(ChatMessage.user(request.validContent(maxContentLength)));
        return request.editMessageId() == null ? Turn.send(message) : Turn.edit(request.editMessageId(), message);
    }

    /**
     * A failed answer for a JSON client: {@code {"detail"}} with the status of the error. Answered here rather
     * than thrown, because the failure is already logged (once, at the level it deserves) by the generation.
     */
    private void respondWithError(Exchange exchange, int status, String detail) throws JsonProcessingException {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(services.json().writeValueAsString(ErrorBody.of(detail)));
    }

    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains("application/json") && !accept.contains("text/event-stream");
    }
}
