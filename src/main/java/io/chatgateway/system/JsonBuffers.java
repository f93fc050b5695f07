package io.chatgateway.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Where Jackson takes its parse and write buffers from: one bounded pool for the whole service. Jackson's default
 * keeps them per thread (about 25 KB), and with one virtual thread per request, a streaming request's thread holds
 * them for as long as its answer lasts: 1,000 open streams held 1,004 sets (bench/results). From this pool a set
 * goes back after each parse or write. {@link JsonConfig} gives it to Spring's ObjectMapper (which Camel and the
 * relay use), and {@code auth.JwtService} to the token parser's own.
 */
public final class JsonBuffers {

    /** More than the parses and writes ever in flight at once; a set beyond it is simply dropped. */
    public static final RecyclerPool<BufferRecycler> POOL = JsonRecyclerPools.newBoundedPool(64);

    private JsonBuffers() {
    }

    /** A plain JsonFactory with pooled buffers. */
    public static JsonFactory factory() {
        return JsonFactory.builder().recyclerPool(POOL).build();
    }
}
