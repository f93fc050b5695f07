package io.chatgateway.relay;

import static io.chatgateway.relay.UpstreamFailures.seconds;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.chat.ChatMessage;
import io.chatgateway.generation.Generations;
import io.chatgateway.generation.LiveGeneration;
import io.chatgateway.chat.StorableText;
import io.chatgateway.relay.RelayProperties.OnDisconnect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer being generated: calls the agent's upstream (n8n), reads its answer with the fitting reader, publishes every piece as an event
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
    /** Characters of the answer counted against the replica's text budget (RunningGenerations), given back at the end. */
    private long reservedChars;
    private EventSink sink = EventSink.NONE;

    private final LongSupplier clock;
    private volatile UpstreamCall call;
    private volatile RelayError cutBy;
    private volatile boolean textStarted;
    private volatile boolean relaying;
    private volatile long lastUpstreamNanos;
    private volatile long firstTokenNanos;
    volatile boolean finished;
    /** The webhook request went out: from now on n8n runs an execution for this generation. */
    private volatile boolean called;
    /** n8n's answer arrived whole: a failure from now on (the client gone at the last event) must not stop n8n. */
    private volatile boolean answered;

    Generation(RelayJob job, RelayServices services) {
        this(job, services, System::nanoTime);
    }

    /** With the clock (nanos, like {@link System#nanoTime()}) that the timeouts are measured on. */
    Generation(RelayJob job, RelayServices services, LongSupplier clock) {
        this.job = job;
        this.services = services;
        this.clock = clock;
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
            result = fail(e.error, e.getMessage(), null, e.getCause());
            return result;
        } catch (RuntimeException e) {
            // a bug of ours, the one failure logged at ERROR
            log.error("Relay of {} failed", job.subject(), e);
            result = fail(RelayError.INTERNAL, "The answer could not be relayed", e.toString(), null);
            return result;
        } finally {
            finished = true;
            services.running().releaseText(reservedChars);
            services.watchdog().unwatch(this);
            abortUpstream();
            services.metrics().streamEnded(result == null ? "error" : result.status(), clock.getAsLong() - job.startNanos());
        }
    }

    private Result generate() {
        if (cutBy != null) {
            throw cutFailure(cutBy);
        }
        call = services.upstream().prepare(job.request(), job.live().id());
        UpstreamResponse response;
        try {
            // a cut from now on aborts the call, also while it waits for the answer's head
            if (cutBy != null) {
                throw cutFailure(cutBy);
            }
            called = true;
            response = call.execute();
        } catch (IOException | RuntimeException e) {
            requireSaved();
            throw callFailure(e);
        }
        upstreamActive();
        requireSaved();
        if (cutBy != null) {
            throw cutFailure(cutBy);
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
        answered = true;
        end(DoneEvent.COMPLETED, "complete", message);
        return new Result("complete", message, null, null);
    }

    /**
     * The user message and the generation were committed while n8n was called (Generations.start): nothing of the
     * answer, nor of its failure, reaches the client before that succeeded.
     */
    private void requireSaved() {
        if (!job.live().awaitSaved()) {
            throw new RelayException(RelayError.MESSAGE_NOT_SAVED, "Your message could not be saved; please send it again");
        }
    }

    /** A piece of the answer: relayed and kept as PostgreSQL can store it, so the user sees what is saved. */
    @Override
    public void text(String text) {
        if (text.isEmpty()) {
            return;
        }
        String piece = StorableText.of(text);
        if (answer.length() + (long) piece.length() > maxAnswerChars) {
            throw new RelayException(RelayError.ANSWER_TOO_LARGE,
                    "The agent's answer is larger than " + maxAnswerChars + " bytes");
        }
        if (!services.running().reserveText(piece.length())) {
            throw new RelayException(RelayError.OVERLOADED,
                    "The service has no memory left for a longer answer now; the answer so far is saved");
        }
        reservedChars += piece.length();
        if (!textStarted) {
            textStarted = true;
            firstTokenNanos = clock.getAsLong() - job.startNanos();
            services.metrics().firstToken(firstTokenNanos);
            // from now on the (usually shorter) idle timeout applies instead of the first-byte one
            services.watchdog().watch(this);
        }
        answer.append(piece);
        relaying = true;
        emit(new MessageEvent(piece));
        relaying = false;
        services.metrics().event();
    }

    /** The upstream answered or sent something: the idle timeout counts from now. */
    void upstreamActive() {
        lastUpstreamNanos = clock.getAsLong();
    }

    /** Why the generation was cut (a timeout, the client, a restart), or null while nothing cut it. */
    RelayError cutBy() {
        return cutBy;
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
        synchronized (this) {
            if (cutBy == null) {
                cutBy = reason;
            }
        }
        abortUpstream();
    }

    /** Stops n8n's answer at once (closing the connection; never reading the body to its end). */
    private void abortUpstream() {
        UpstreamCall current = call;
        if (current == null) {
            return;
        }
        try {
            current.abort();
        } catch (RuntimeException e) {
            log.debug("Aborting the answer of {}", job.subject(), e);
        }
    }

    /** Numbers the event in the generation (its followers get it) and writes it to this request's client. */
    private void emit(StreamEvent event) {
        String json = event instanceof MessageEvent message ? message.json() : write(event);
        int seq = job.live().publish(json);
        sink.event(job.live().eventId(seq), json);
    }

    /**
     * The generation's last event, status and answer (null: no text to save), saved together; the client gets the
     * last event once it is saved.
     */
    private void end(StreamEvent last, String status, ChatMessage answer) {
        String json = write(last);
        String saved = answer == null ? null : write(answer);
        Generations.Recorded[] usage = new Generations.Recorded[1];
        int seq = job.live().publishFinal(json,
                () -> usage[0] = services.generations().finish(job.live(), status, saved, measured()));
        services.metrics().usage(job.teamId(), job.agentId(), status, usage[0]);
        sink.event(job.live().eventId(seq), json);
    }

    /**
     * For the usage row: the characters relayed (code points, as PostgreSQL counts), the time to the first and the
     * duration so far, on the same clock (from when the request arrived).
     */
    private Generations.Measured measured() {
        return new Generations.Measured(answer.codePointCount(0, answer.length()), null, null,
                textStarted ? firstTokenNanos / 1_000_000 : null, (clock.getAsLong() - job.startNanos()) / 1_000_000);
    }

    private String write(Object value) {
        try {
            return services.json().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ends an answer that did not complete the same way for SSE and JSON clients: one log line (WARN for the agent's
     * faults and for the database, INFO for a client that left, a restart or a stop; ERROR was logged already for a
     * bug of ours), the partial answer saved with the generation's end, the failure recorded in error_logs, the last
     * event sent.
     */
    private Result fail(RelayError error, String text, String detailText, Throwable cause) {
        if (error.leavesExecutionRunning && called && !answered) {
            // nobody will read the rest: n8n's workflow (and the model it pays for) can stop too
            services.executions().stopLater(job.live().id(), job.agentId(), job.teamId());
        }
        boolean stopped = error == RelayError.STOPPED;
        // error texts quote the agent: the event, the saved answer and error_logs get the same storable text
        String message = withoutToken(StorableText.of(text));
        String detail = withoutToken(StorableText.of(detailText));
        logFailure(error, message, cause);
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
            log.warn("Could not save the failed answer of {}", job.subject(), e);
        }
        return new Result(status, saved, error, message);
    }

    private void logFailure(RelayError error, String message, Throwable cause) {
        String why = cause == null ? "" : " (" + cause + ")";
        switch (error) {
            case INTERNAL -> {
                // logged with its stack trace where it happened
            }
            case CLIENT_DISCONNECTED, SHUTDOWN, STOPPED ->
                    log.info("Answer for {} ended: {}: {}{}", job.subject(), error.code, message, why);
            default -> log.warn("Answer for {} failed: {}: {}{}", job.subject(), error.code, message, why);
        }
    }

    /** An agent might quote the token it was called with; it is not the user's to see. */
    private String withoutToken(String text) {
        return UpstreamFailures.withoutToken(text, job.request().target().webhookToken());
    }

    private RelayException callFailure(Exception e) {
        if (e instanceof RelayException relayException) {
            return relayException;
        }
        if (cutBy != null) {
            return cutFailure(cutBy);
        }
        if (UpstreamFailures.isReadTimeout(e)) {
            return timeoutFailure(clock.getAsLong());
        }
        return UpstreamFailures.ofCall(e, settings);
    }

    private RelayException readFailure(IOException e) {
        if (cutBy != null) {
            return cutFailure(cutBy);
        }
        if (e instanceof SocketTimeoutException) {
            return timeoutFailure(clock.getAsLong());
        }
        return new RelayException(RelayError.UPSTREAM_BROKEN, "The connection to the agent broke off", e);
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

    private RelayException statusFailure(UpstreamResponse response) {
        String own = null;
        if (response.body() != null) {
            try {
                own = ownMessage(services.json(), response.body().readNBytes(ERROR_BODY_LIMIT));
            } catch (IOException e) {
                own = null;
            }
        }
        return UpstreamFailures.ofStatus(response.status(), own);
    }

    /**
     * n8n's own message from an error body: JSON {@code {"message": ...}} with the failing node, description and
     * hint when it names them ({@link UpstreamErrorDetails}), or a short plain text; null when it says nothing.
     * Starts with " (" when there are details but no message.
     */
    static String ownMessage(ObjectMapper json, byte[] body) {
        try {
            JsonNode value = json.readTree(body);
            String message = AnswerText.errorMessage(value);
            String details = UpstreamErrorDetails.of(value, message);
            if (message != null) {
                return UpstreamErrorDetails.bounded(message, UpstreamErrorDetails.MAX_MESSAGE) + details;
            }
            if (!details.isEmpty()) {
                return details;
            }
        } catch (IOException notJson) {
            // plain text below
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.startsWith("<")) {
            return null;
        }
        return UpstreamErrorDetails.bounded(text, UpstreamErrorDetails.MAX_MESSAGE);
    }

    private static long millis(long ms) {
        return ms * 1_000_000L;
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
            upstreamActive();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            upstreamActive();
            return read;
        }
    }
}
