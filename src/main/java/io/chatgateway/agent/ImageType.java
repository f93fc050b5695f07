package io.chatgateway.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The avatar image formats we accept, recognised by their first bytes (never by file name or declared type). */
enum ImageType {
    PNG("image/png"),
    JPEG("image/jpeg"),
    GIF("image/gif"),
    WEBP("image/webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final String contentType;

    ImageType(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** The type of the content, or null when it is none of ours. */
    static ImageType of(byte[] content) {
        if (startsWith(content, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(content, 0, JPEG_SIGNATURE)) {
            return JPEG;
        }
        if (startsWith(content, 0, ascii("GIF87a")) || startsWith(content, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(content, 0, ascii("RIFF")) && startsWith(content, 8, ascii("WEBP"))) {
            return WEBP;
        }
        return null;
    }

    private static boolean startsWith(byte[] content, int offset, byte[] signature) {
        return content.length >= offset + signature.length
                && Arrays.equals(content, offset, offset + signature.length, signature, 0, signature.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
