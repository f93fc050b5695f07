package io.chatgateway.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import io.chatgateway.system.ApiException;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.attachment.DefaultAttachmentMessage;
import org.springframework.stereotype.Component;

/**
 * Avatar upload and download. The platform-http binding has already stored each multipart file in a temporary
 * file (an attachment named after its form field); the upload is read from there and the temporary files are
 * removed whatever happens.
 */
@Component("agentAvatars")
public class AgentAvatars {

    private final long maxBytes;

    public AgentAvatars(AgentProperties properties) {
        this.maxBytes = properties.avatarMaxSize().toBytes();
    }

    /** The uploaded field {@code file} as parameters of sql/agent/upsert-avatar.sql; 413 or 415 when unusable. */
    public Map<String, Object> upload(Exchange exchange) {
        AttachmentMessage message = new DefaultAttachmentMessage(exchange.getIn());
        try {
            DataHandler file = message.getAttachment("file");
            if (file == null) {
                throw ApiException.invalid("file", "is required (multipart/form-data field 'file')");
            }
            byte[] content;
            try (InputStream in = file.getInputStream()) {
                content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE));
            }
            if (content.length > maxBytes) {
                throw ApiException.tooLarge("The avatar is larger than " + maxBytes + " bytes");
            }
            ImageType type = ImageType.of(content);
            if (type == null) {
                throw ApiException.unsupportedMediaType("The avatar must be a PNG, JPEG, WebP or GIF image");
            }
            return Map.of("content", content, "content_type", type.contentType(), "etag", etag(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTemporaryFiles(message);
        }
    }

    /** Serves a stored avatar (a row of sql/agent/find-avatar.sql); 304 when the client's copy is current. */
    public void serve(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<?, ?> avatar = message.getBody(Map.class);
        String etag = (String) avatar.get("etag");
        String ifNoneMatch = message.getHeader("If-None-Match", String.class);
        message.removeHeaders("*");
        message.setHeader("ETag", etag);
        message.setHeader("Cache-Control", "private, no-cache");
        message.setHeader("Vary", "Cookie");
        message.setHeader(Exchange.CONTENT_TYPE, avatar.get("content_type"));
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            message.setBody(null);
            return;
        }
        message.setBody(avatar.get("content"));
    }

    private static String etag(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTemporaryFiles(AttachmentMessage message) {
        if (!message.hasAttachments()) {
            return;
        }
        message.getAttachments().values().forEach(handler -> {
            if (handler.getDataSource() instanceof FileDataSource source) {
                // best effort: a leftover temporary file must not turn the answer into an error
                source.getFile().delete();
            }
        });
    }
}
