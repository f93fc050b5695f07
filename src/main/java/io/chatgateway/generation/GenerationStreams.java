package io.chatgateway.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.chat.ChatStore;
import io.chatgateway.relay.SseSink;
import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.PathIds;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * GET /api/chats/{id}/stream: attaches a client to the chat's running generation, on whichever replica it runs.
 * With {@code Last-Event-ID: <generation>:<seq>} of that generation: exactly the events after seq; without (a reload):
 * one {@code sync} event with the text so far, then the events after it. Then live until the final event. Events
 * come from the database ({@code generation_chunks}, written about once a second by the owner) and, when this replica
 * owns the generation, from memory as they happen. 204 when nothing runs (EventSource then stops reconnecting).
 */
@Component("generationStreams")
public class GenerationStreams {

    private static final long HEARTBEAT_MILLIS = 15_000;
    private static final long POLL_MILLIS = 500;

    private final Generations generations;
    private final GenerationStore store;
    private final GenerationSignals signals;
    private final ObjectMapper json;
    private final ChatStore chats;

    GenerationStreams(Generations generations, GenerationStore store, GenerationSignals signals, ObjectMapper json,
                      ChatStore chats) {
        this.generations = generations;
        this.store = store;
        this.signals = signals;
        this.json = json;
        this.chats = chats;
    }

    public void follow(@Header("id") String id, @Header("Last-Event-ID") String lastEventId,
                       @Variable("teamId") UUID teamId, @Variable("userId") UUID userId, Exchange exchange)
            throws IOException, InterruptedException {
        UUID chatId = PathIds.parseId(id, "Chat");
        UUID generationId = store.runningInChat(chatId, teamId, userId).orElse(null);
        if (generationId == null) {
            if (!chats.exists(teamId, userId, chatId)) {
                throw new NotFoundException("Chat not found");
            }
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
            exchange.getMessage().setBody(null);
            return;
        }
        HttpServletResponse response = exchange.getIn(PlatformHttpMessage.class).getResponse();
        SseSink.start(response, generationId);
        Stream stream = new Stream(generationId, response.getOutputStream());
        try {
            int after = resumedSeq(generationId, lastEventId);
            if (after < 0) {
                after = sync(stream);
            }
            stream.seq = after;
            if (!followLocally(stream, after)) {
                followInDatabase(stream);
            }
        } catch (IOException clientGone) {
            // the client left: nothing to clean up but the follower (done in followLocally)
        }
        exchange.getMessage().setBody(null);
    }

    /** The seq a {@code Last-Event-ID} of this generation names, or -1 (another generation, or none: a sync). */
    static int resumedSeq(UUID generationId, String lastEventId) {
        if (lastEventId == null) {
            return -1;
        }
        int colon = lastEventId.lastIndexOf(':');
        if (colon < 0 || !lastEventId.substring(0, colon).trim().equals(generationId.toString())) {
            return -1;
        }
        try {
            int seq = Integer.parseInt(lastEventId.substring(colon + 1).trim());
            return seq >= 0 ? seq : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The text so far as one sync event; returns the seq it covers. */
    private int sync(Stream stream) throws IOException {
        GenerationEvents.TextSoFar soFar = GenerationEvents.textSoFar(json, store.chunksAfter(stream.generationId, 0));
        stream.event(soFar.lastSeq(), json.writeValueAsString(new SyncEvent(new SyncEvent.Data(stream.generationId, soFar.text()))));
        return soFar.lastSeq();
    }

    /** True when the generation runs here and was followed to its end; false when it does not run here. */
    private boolean followLocally(Stream stream, int after) throws IOException, InterruptedException {
        LiveGeneration live = generations.local(stream.generationId);
        if (live == null) {
            return false;
        }
        BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        LiveGeneration.Follower follower = (seq, event) -> queue.add(new Object[] {seq, event});
        while (!live.follow(stream.seq, follower)) {
            // a flush took events out of memory first: read them where they went
            if (replayFromDatabase(stream)) {
                return true;
            }
        }
        try {
            while (true) {
                Object[] next = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (generations.local(stream.generationId) == null) {
                        followInDatabase(stream);
                        return true;
                    }
                    stream.heartbeat();
                    continue;
                }
                String event = (String) next[1];
                stream.event((Integer) next[0], event);
                if (GenerationEvents.isFinal(event)) {
                    return true;
                }
            }
        } finally {
            live.unfollow(follower);
        }
    }

    private void followInDatabase(Stream stream) throws IOException, InterruptedException {
        long lastWrite = System.currentTimeMillis();
        boolean ended = false;
        while (true) {
            int before = stream.seq;
            if (replayFromDatabase(stream)) {
                return;
            }
            if (stream.seq > before) {
                lastWrite = System.currentTimeMillis();
            } else if (ended) {
                return;
            } else {
                GenerationStore.Stored generation = store.find(stream.generationId).orElse(null);
                // ended: its last events were written with its status, so one more read gets them
                ended = generation == null || !generation.running();
            }
            if (!ended) {
                signals.awaitWritten(POLL_MILLIS);
            }
            if (System.currentTimeMillis() - lastWrite >= HEARTBEAT_MILLIS) {
                stream.heartbeat();
                lastWrite = System.currentTimeMillis();
            }
        }
    }

    /** Writes the stored events after the stream's seq; true when the final event was among them. */
    private boolean replayFromDatabase(Stream stream) throws IOException {
        boolean[] finished = {false};
        IOException[] failed = {null};
        for (GenerationStore.StoredChunk chunk : store.chunksAfter(stream.generationId, stream.seq)) {
            GenerationEvents.each(chunk, (seq, event) -> {
                if (seq <= stream.seq || failed[0] != null) {
                    return;
                }
                try {
                    stream.event(seq, event);
                } catch (IOException e) {
                    failed[0] = e;
                }
                finished[0] |= GenerationEvents.isFinal(event);
            });
            if (failed[0] != null) {
                throw failed[0];
            }
        }
        return finished[0];
    }

    /**
     * The client's end: SSE events with {@code id: <generation>:<seq>}, as the send's stream writes them
     * ({@link SseSink#encode}). Written only by the request's own thread, so no lock; a failed write ends the request.
     */
    private static final class Stream {

        private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

        final UUID generationId;
        final OutputStream out;
        int seq;

        Stream(UUID generationId, OutputStream out) {
            this.generationId = generationId;
            this.out = out;
        }

        void event(int seq, String json) throws IOException {
            out.write(SseSink.encode(generationId + ":" + seq, json));
            out.flush();
            this.seq = Math.max(this.seq, seq);
        }

        void heartbeat() throws IOException {
            out.write(KEEP_ALIVE);
            out.flush();
        }
    }
}
