package io.chatgateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * A plain-text answer: the whole body is the answer, relayed as it arrives. A multi-byte character split across
 * reads is held back until its last byte is there.
 */
final class TextAnswerReader implements AnswerReader {

    private final Charset charset;

    TextAnswerReader(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void read(InputStream body, AnswerListener listener) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        // a read brings what arrived since the last one: usually a piece of tens of bytes
        ByteBuffer bytes = ByteBuffer.allocate(2048);
        CharBuffer chars = CharBuffer.allocate(2048);
        while (true) {
            int read = body.read(bytes.array(), bytes.position(), bytes.remaining());
            boolean end = read < 0;
            if (!end) {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
            decoder.decode(bytes, chars, end);
            if (end) {
                decoder.flush(chars);
            }
            bytes.compact();
            chars.flip();
            if (chars.hasRemaining()) {
                listener.text(chars.toString());
            }
            chars.clear();
            if (end) {
                return;
            }
        }
    }
}
