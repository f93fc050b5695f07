package io.chatgateway.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson for code that runs while a stream is open. By default Jackson keeps its buffers per thread (about 24 KB,
 * more after a long chat history was parsed), and a stream holds its thread for as long as it lasts; here they come
 * from one bounded pool for the whole service, and go back to it after each parse or write.
 */
final class StreamJson {

    /** More than the parses and writes ever in flight at once; a recycler beyond it is simply dropped. */
    private static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.newBoundedPool(64);

    private StreamJson() {
    }

    /** Spring's ObjectMapper (same modules and settings) with pooled buffers. */
    static ObjectMapper of(ObjectMapper json) {
        ObjectMapper copy = json.copy();
        copy.getFactory().setRecyclerPool(BUFFERS);
        return copy;
    }

    /** A plain JsonFactory with pooled buffers. */
    static JsonFactory factory() {
        return JsonFactory.builder().recyclerPool(BUFFERS).build();
    }
}
