package io.chatgateway.relay;

import static io.chatgateway.relay.UpstreamFailures.seconds;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.chat.StorableText;
import org.springframework.stereotype.Component;

/**
 * One call of an agent's webhook outside any chat, for the console's test call ({@code agent/AgentTestCall}): the
 * body a chat's first message would send (one user message; a session id of its own, so n8n's memory of real chats
 * is not touched), through the relay's HTTP client (the webhook URL policy at connect time, no redirects, no retries)
 * and read by the relay's answer readers, within {@link #DEADLINE}. Nothing is stored; what n8n sent is handed back.
 */
@Component
public class UpstreamTestCall {

    /** The whole test call, at most; an agent's shorter timeouts apply as they are. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    /** How much of n8n's body is handed back. */
    static final int BODY_SHOWN = 4 * 1024;
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    /** The agent as the call needs it: relaySettingsJson is its {@code config.relay}, configJson the rest of config. */
    public record Target(UUID agentId, String webhookUrl, String webhookToken, String systemPrompt, String configJson,
                         String relaySettingsJson) {
    }

    /**
     * What happened: n8n's status and content type (null when it was not reached), the answer the chat would show
     * (null when there is none), the first {@link #BODY_SHOWN} bytes n8n sent, and the error text and code the chat
     * would show (null when the answer is fine).
     */
    public record Outcome(Integer status, String contentType, long durationMs, String answer, String body, String error,
                          String errorCode) {
    }

    private final UpstreamHttpClient http;
    private final AnswerReaders readers;
    private final RelayProperties properties;
    private final ObjectMapper json;

    UpstreamTestCall(UpstreamHttpClient http, AnswerReaders readers, RelayProperties properties, ObjectMapper json) {
        this.http = http;
        this.readers = readers;
        this.properties = properties;
        this.json = json;
    }

    public Outcome call(Target target, String message, UUID userId, UUID teamId) {
        StreamSettings settings = shortened(StreamSettings.of(properties, relaySettings(target.relaySettingsJson())));
        byte[] request = WebhookRequest.body(history(message), target.systemPrompt(), target.configJson(),
                UUID.randomUUID(), userId, teamId, target.agentId());
        UpstreamCall call = http.post(target.webhookUrl(), target.webhookToken(), request, settings, null);
        Attempt attempt = new Attempt(target.webhookToken(), settings);
        long started = System.nanoTime();
        ScheduledFuture<?> deadline = http.atDeadline(settings.totalTimeoutMs(), () -> {
            attempt.timedOut = true;
            call.abort();
        });
        try {
            attempt.run(call);
        } finally {
            deadline.cancel(false);
            call.abort();
        }
        return attempt.outcome((System.nanoTime() - started) / 1_000_000);
    }

    /** The agent's timeouts, none longer than the test call's. */
    private static StreamSettings shortened(StreamSettings agent) {
        long limit = DEADLINE.toMillis();
        return new StreamSettings(Math.min(agent.connectTimeoutMs(), CONNECT_TIMEOUT_MS),
                Math.min(agent.firstByteTimeoutMs(), limit), Math.min(agent.idleTimeoutMs(), limit),
                Math.min(agent.totalTimeoutMs(), limit), agent.heartbeatIntervalMs(), agent.onDisconnect());
    }

    private JsonNode relaySettings(String relaySettingsJson) {
        try {
            return relaySettingsJson == null ? null : json.readTree(relaySettingsJson);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String history(String message) {
        try {
            return json.writeValueAsString(List.of(Map.of("role", "user", "content", message,
                    "timestamp", Instant.now().toString())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One test call's state: filled while it runs, read once it ended. */
    private final class Attempt implements AnswerListener {

        private final String token;
        private final StreamSettings settings;
        private final StringBuilder answer = new StringBuilder();
        private volatile boolean timedOut;
        private Integer status;
        private String contentType;
        private Captured body;
        private RelayException failure;

        Attempt(String token, StreamSettings settings) {
            this.token = token;
            this.settings = settings;
        }

        void run(UpstreamCall call) {
            UpstreamResponse response;
            try {
                response = call.execute();
            } catch (IOException | RuntimeException e) {
                failure = callFailure(e);
                return;
            }
            status = response.status();
            contentType = response.contentType();
            body = new Captured(response.body() == null ? InputStream.nullInputStream() : response.body());
            // not closed here (that would read it to its end): the caller aborts the call, closing the connection
            InputStream in = body;
            try {
                if (status < 200 || status >= 300) {
                    failure = UpstreamFailures.ofStatus(status, Generation.ownMessage(json, in.readNBytes(ERROR_BODY_LIMIT)));
                    return;
                }
                readers.forContentType(contentType).read(in, this);
                if (answer.length() == 0) {
                    failure = new RelayException(RelayError.EMPTY_ANSWER, "The agent returned an empty answer");
                }
            } catch (RelayException e) {
                failure = e;
            } catch (IOException | RuntimeException e) {
                failure = timedOut || e instanceof SocketTimeoutException ? timeout()
                        : new RelayException(RelayError.UPSTREAM_BROKEN, "The connection to the agent broke off");
            }
        }

        @Override
        public void text(String piece) {
            if (answer.length() + (long) piece.length() > properties.maxAnswerSize().toBytes()) {
                throw new RelayException(RelayError.ANSWER_TOO_LARGE,
                        "The agent's answer is larger than " + properties.maxAnswerSize().toBytes() + " bytes");
            }
            answer.append(StorableText.of(piece));
        }

        private RelayException callFailure(Exception e) {
            if (timedOut || UpstreamFailures.isReadTimeout(e)) {
                return timeout();
            }
            return UpstreamFailures.ofCall(e, settings);
        }

        /** Cut by the test call's deadline (the agent's total timeout, at most DEADLINE) or by a read timeout. */
        private RelayException timeout() {
            if (timedOut) {
                return new RelayException(RelayError.TOTAL_TIMEOUT, (answer.length() == 0
                        ? "The agent did not answer within " : "The answer took longer than ")
                        + seconds(settings.totalTimeoutMs()));
            }
            return answer.length() == 0
                    ? new RelayException(RelayError.FIRST_BYTE_TIMEOUT,
                            "The agent did not start answering within " + seconds(settings.responseTimeoutMs()))
                    : new RelayException(RelayError.IDLE_TIMEOUT,
                            "The agent sent nothing for " + seconds(settings.responseTimeoutMs()));
        }

        Outcome outcome(long durationMs) {
            String text = answer.length() == 0 ? null : withoutToken(answer.toString());
            return new Outcome(status, contentType, durationMs, text,
                    body == null ? null : withoutToken(body.shown()),
                    failure == null ? null : withoutToken(failure.getMessage()),
                    failure == null ? null : failure.error.code);
        }

        /** The webhook token is write-only: an agent that quotes it does not show it to the admin. */
        private String withoutToken(String text) {
            return UpstreamFailures.withoutToken(text, token);
        }
    }

    /** n8n's body as it is read, keeping a copy of its first {@link #BODY_SHOWN} bytes. */
    private static final class Captured extends FilterInputStream {

        private final ByteArrayOutputStream copy = new ByteArrayOutputStream(256);
        private boolean cut;

        Captured(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read > 0) {
                keep(buffer, offset, read);
            }
            return read;
        }

        private void keep(byte[] buffer, int offset, int length) {
            int room = BODY_SHOWN - copy.size();
            if (length > room) {
                cut = true;
            }
            if (room > 0) {
                copy.write(buffer, offset, Math.min(room, length));
            }
        }

        /** The bytes kept, as UTF-8 text; a character cut at the end is left out. */
        String shown() {
            String text = copy.toString(StandardCharsets.UTF_8);
            if (cut) {
                while (text.endsWith("\uFFFD")) {
                    text = text.substring(0, text.length() - 1);
                }
            }
            return text;
        }
    }
}
