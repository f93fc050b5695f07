package io.chatgateway.relay;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.chat.ChatMessage;
import io.chatgateway.generation.LiveGeneration;
import io.chatgateway.relay.RelayProperties.OnDisconnect;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer being generated: calls n8n, reads its answer with the fitting reader, publishes every piece as an event
 * of its {@link LiveGeneration} (numbered, kept for followers on any replica) and writes it to the event sink as it
 * arrives, then saves the assistant message with the generation's end. It does not depend on the client: a failed
 * write detaches the sink and the generation goes on (or, with {@code on_disconnect: abort}, aborts n8n and saves
 * what it has as interrupted). A stop, asked on any replica, cuts n8n and saves the text so far as stopped. The
 * watchdog calls {@link #check} to enforce the timeouts and send heartbeats.
 */
final class Generation implements AnswerListener {

    private static final Logger log = LoggerFactory.getLogger(Generation.class);
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final RelayJob job;
    private final RelayServices services;
    private final StreamSettings settings;
    private final long maxAnswerChars;
    private final StringBuilder answer = new StringBuilder();
    private EventSink sink = EventSink.NONE;

    private volatile InputStream upstream;
    private volatile RelayError cutBy;
    private volatile boolean textStarted;
    private volatile boolean relaying;
    private volatile long lastUpstreamNanos;
    volatile boolean finished;

    Generation(RelayJob job, RelayServices services) {
        this.job = job;
        this.services = services;
        this.settings = job.settings();
        this.maxAnswerChars = services.properties().maxAnswerSize().toBytes();
        this.lastUpstreamNanos = job.startNanos();
        job.live().onStop(() -> cut(RelayError.STOPPED));
    }

    void attach(EventSink sink) {
        this.sink = sink;
    }

    /** The sink saw the client go. */
    void clientGone() {
        if (settings.onDisconnect() == OnDisconnect.ABORT) {
            cut(RelayError.CLIENT_DISCONNECTED);
        }
    }

    /** The service is stopping and the grace period is over: stop n8n and save what arrived as interrupted. */
    void shutDown() {
        cut(RelayError.SHUTDOWN);
    }

    Result run() {
        services.metrics().streamStarted();
        services.watchdog().watch(this);
        Result result = null;
        try {
            emit(new StatusEvent("Sending request to n8n...", job.live().id()));
            result = generate();
            return result;
        } catch (RelayException e) {
            result = fail(e.error, e.getMessage(), null);
            return result;
        } catch (RuntimeException e) {
            log.error("Relay of chat {} failed", job.chatId(), e);
            result = fail(RelayError.INTERNAL, "The answer could not be relayed", e.toString());
            return result;
        } finally {
            finished = true;
            services.watchdog().unwatch(this);
            abortUpstream();
            services.metrics().streamEnded(result == null ? "error" : result.status(), System.nanoTime() - job.startNanos());
        }
    }

    private Result generate() {
        if (cutBy != null) {
            throw cutFailure(cutBy);
        }
        WebhookClient.Upstream response;
        try {
            response = services.client().call(job.target().webhookUrl(), job.target().webhookToken(),
                    job.webhookBody(), settings);
        } catch (Exception e) {
            throw callFailure(e);
        }
        upstream = response.body();
        lastUpstreamNanos = System.nanoTime();
        if (cutBy != null) {
            abortUpstream();
        }
        if (response.status() < 200 || response.status() >= 300) {
            throw statusFailure(response);
        }
        if (response.body() != null) {
            try {
                services.readers().forContentType(response.contentType()).read(new Watched(response.body()), this);
            } catch (IOException e) {
                throw readFailure(e);
            }
        }
        if (cutBy != null) {
            throw cutFailure(cutBy);
        }
        if (answer.length() == 0) {
            throw new RelayException(RelayError.EMPTY_ANSWER, "The agent returned an empty answer");
        }
        ChatMessage message = ChatMessage.assistant(answer.toString(), "complete", null);
        end(DoneEvent.COMPLETED, "complete", message);
        return new Result("complete", message, null, null);
    }

    @Override
    public void text(String piece) {
        if (piece.isEmpty()) {
            return;
        }
        if (answer.length() + (long) piece.length() > maxAnswerChars) {
            throw new RelayException(RelayError.ANSWER_TOO_LARGE,
                    "The agent's answer is larger than " + maxAnswerChars + " bytes");
        }
        if (!textStarted) {
            textStarted = true;
            services.metrics().firstToken(System.nanoTime() - job.startNanos());
            // from now on the (usually shorter) idle timeout applies instead of the first-byte one
            services.watchdog().watch(this);
        }
        answer.append(piece);
        relaying = true;
        emit(new MessageEvent(piece));
        relaying = false;
        services.metrics().event();
    }

    /**
     * Runs on the watchdog thread: cuts the stream when a timeout has passed, otherwise sends a heartbeat when
     * due. Returns nanos until the next check, or -1 when done.
     */
    long check(long now) {
        if (finished || cutBy != null) {
            return -1;
        }
        long totalDeadline = job.startNanos() + millis(settings.totalTimeoutMs());
        long streamDeadline = textStarted
                ? lastUpstreamNanos + millis(settings.idleTimeoutMs())
                : job.startNanos() + millis(settings.firstByteTimeoutMs());
        if (now >= totalDeadline) {
            cut(RelayError.TOTAL_TIMEOUT);
            return -1;
        }
        if (now >= streamDeadline && !relaying) {
            cut(textStarted ? RelayError.IDLE_TIMEOUT : RelayError.FIRST_BYTE_TIMEOUT);
            return -1;
        }
        long next = Math.min(totalDeadline, Math.max(streamDeadline, now + 50_000_000));
        if (sink.attached()) {
            long heartbeat = millis(settings.heartbeatIntervalMs());
            long due = sink.lastWriteNanos() + heartbeat;
            if (now >= due) {
                services.watchdog().write(() -> sink.heartbeatIfIdle(heartbeat));
                due = now + heartbeat;
            }
            next = Math.min(next, due);
        }
        return Math.max(next - now, 1_000_000);
    }

    private void cut(RelayError reason) {
        if (cutBy == null) {
            cutBy = reason;
        }
        abortUpstream();
    }

    /** Stops n8n's answer at once: abort() closes the connection, where close() would read the body to its end. */
    private void abortUpstream() {
        InputStream body = upstream;
        if (body == null) {
            return;
        }
        try {
            if (body instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                body.close();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the answer of chat {}", job.chatId(), e);
        }
    }

    /** Numbers the event in the generation (its followers get it) and writes it to this request's client. */
    private void emit(StreamEvent event) {
        String json = write(event);
        int seq = job.live().publish(json);
        sink.event(job.live().eventId(seq), json);
    }

    /**
     * The generation's last event, status and answer (null: no text to save), saved together; the client gets the
     * last event once it is saved.
     */
    private void end(StreamEvent last, String status, ChatMessage answer) {
        String json = write(last);
        int seq = job.live().publish(json);
        services.generations().finish(job.live(), status, answer == null ? null : write(answer));
        sink.event(job.live().eventId(seq), json);
    }

    private String write(Object value) {
        try {
            return services.json().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result fail(RelayError error, String message, String detail) {
        boolean stopped = error == RelayError.STOPPED;
        boolean interrupted = error == RelayError.CLIENT_DISCONNECTED || error == RelayError.SHUTDOWN;
        String status = stopped ? "stopped" : interrupted ? "interrupted" : "error";
        services.metrics().failed(error);
        ChatMessage saved = answer.length() == 0 ? null
                : ChatMessage.assistant(answer.toString(), status, stopped ? null : message);
        StreamEvent last = stopped ? DoneEvent.STOPPED
                : error == RelayError.CLIENT_DISCONNECTED ? DoneEvent.INTERRUPTED
                : new ErrorEvent(message, error.code);
        try {
            if (!stopped) {
                services.errorLog().record(job, error, detail == null ? message : message + " (" + detail + ")");
            }
            end(last, status, saved);
        } catch (RuntimeException e) {
            log.error("Could not save the failed answer of chat {}", job.chatId(), e);
        }
        return new Result(status, saved, error, message);
    }

    private RelayException callFailure(Exception e) {
        if (cutBy != null) {
            return cutFailure(cutBy);
        }
        if (e instanceof ConnectTimeoutException) {
            return new RelayException(RelayError.CONNECT_TIMEOUT,
                    "Could not connect to the agent within " + seconds(settings.connectTimeoutMs()));
        }
        if (e instanceof SocketTimeoutException) {
            return timeoutFailure(System.nanoTime());
        }
        log.info("Webhook call for chat {} failed: {}", job.chatId(), e.toString());
        return new RelayException(RelayError.UPSTREAM_UNREACHABLE, "Could not reach the agent's webhook");
    }

    private RelayException readFailure(IOException e) {
        if (cutBy != null) {
            return cutFailure(cutBy);
        }
        if (e instanceof SocketTimeoutException) {
            return timeoutFailure(System.nanoTime());
        }
        return new RelayException(RelayError.UPSTREAM_BROKEN, "The connection to the agent broke off");
    }

    private RelayException timeoutFailure(long now) {
        if (now - job.startNanos() >= millis(settings.totalTimeoutMs())) {
            return cutFailure(RelayError.TOTAL_TIMEOUT);
        }
        return cutFailure(textStarted ? RelayError.IDLE_TIMEOUT : RelayError.FIRST_BYTE_TIMEOUT);
    }

    private RelayException cutFailure(RelayError reason) {
        String message = switch (reason) {
            case FIRST_BYTE_TIMEOUT -> "The agent did not start answering within " + seconds(settings.firstByteTimeoutMs());
            case IDLE_TIMEOUT -> "The agent sent nothing for " + seconds(settings.idleTimeoutMs());
            case TOTAL_TIMEOUT -> "The answer took longer than " + seconds(settings.totalTimeoutMs());
            case CLIENT_DISCONNECTED -> "The client disconnected";
            case SHUTDOWN -> "The service is restarting; the answer so far is saved, send the message again";
            case STOPPED -> "The answer was stopped";
            default -> "The answer was stopped";
        };
        return new RelayException(reason, message);
    }

    private RelayException statusFailure(WebhookClient.Upstream response) {
        String own = null;
        if (response.body() != null) {
            try {
                byte[] body = response.body().readNBytes(ERROR_BODY_LIMIT);
                own = ownMessage(services.json(), body);
            } catch (IOException e) {
                own = null;
            }
        }
        return new RelayException(RelayError.UPSTREAM_STATUS, "The agent's webhook answered " + response.status()
                + (own == null ? "" : ": " + own));
    }

    /** n8n's own message from an error body: JSON {"message": ...} or a short plain text. */
    static String ownMessage(ObjectMapper json, byte[] body) {
        try {
            String message = AnswerText.errorMessage(json.readTree(body));
            if (message != null) {
                return message;
            }
        } catch (IOException notJson) {
            // plain text below
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.startsWith("<")) {
            return null;
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static long millis(long ms) {
        return ms * 1_000_000L;
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    /** How the answer ended: status of the saved message (if any text was saved), and the error if it failed. */
    record Result(String status, ChatMessage savedMessage, RelayError error, String message) {
    }

    /** The upstream body, noting the time of every read for the idle timeout. */
    private final class Watched extends FilterInputStream {

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            lastUpstreamNanos = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            lastUpstreamNanos = System.nanoTime();
            return read;
        }
    }
}
