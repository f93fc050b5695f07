package io.chatgateway.relay;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A body as the network hands it over: each read returns at most the next chunk, of the chosen sizes (the last
 * size repeats), so lines and UTF-8 characters arrive split wherever the test wants. It counts the chunks it has
 * begun to hand over, so a test can tell whether a reader relayed a piece before the rest of the body arrived.
 */
final class ChunkedInput extends InputStream {

    private final byte[] bytes;
    private final int[] sizes;
    private int position;
    private int chunk = -1;
    private int chunkLeft;

    private ChunkedInput(byte[] bytes, int... sizes) {
        if (sizes.length == 0 || IntStream.of(sizes).anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("chunk sizes must be at least 1");
        }
        this.bytes = bytes;
        this.sizes = sizes;
    }

    /** The text as UTF-8, in reads of the given sizes (the last one repeating). */
    static ChunkedInput of(String text, int... sizes) {
        return new ChunkedInput(text.getBytes(StandardCharsets.UTF_8), sizes);
    }

    static ChunkedInput of(byte[] bytes, int... sizes) {
        return new ChunkedInput(bytes, sizes);
    }

    /** Each piece arrives in a read of its own. */
    static ChunkedInput pieces(String... pieces) {
        List<byte[]> encoded = new ArrayList<>();
        for (String piece : pieces) {
            if (piece.isEmpty()) {
                throw new IllegalArgumentException("a read returns at least one byte");
            }
            encoded.add(piece.getBytes(StandardCharsets.UTF_8));
        }
        int total = encoded.stream().mapToInt(piece -> piece.length).sum();
        byte[] all = new byte[total];
        int[] sizes = new int[encoded.size()];
        int at = 0;
        for (int i = 0; i < encoded.size(); i++) {
            System.arraycopy(encoded.get(i), 0, all, at, encoded.get(i).length);
            at += encoded.get(i).length;
            sizes[i] = encoded.get(i).length;
        }
        return new ChunkedInput(all, sizes);
    }

    /** How many chunks have begun to arrive. */
    int chunksArrived() {
        return chunk + 1;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (position == bytes.length) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (chunkLeft == 0) {
            chunk++;
            chunkLeft = sizes[Math.min(chunk, sizes.length - 1)];
        }
        int count = Math.min(Math.min(length, chunkLeft), bytes.length - position);
        System.arraycopy(bytes, position, target, offset, count);
        position += count;
        chunkLeft -= count;
        return count;
    }
}
