package io.chatgateway.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import io.chatgateway.system.ApiException;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.Variable;
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
    private final AgentStore store;
    private final Agents agents;

    public AgentAvatars(AgentProperties properties, AgentStore store, Agents agents) {
        this.maxBytes = properties.avatarMaxSize().toBytes();
        this.store = store;
        this.agents = agents;
    }

    /** Stores the uploaded field {@code file} as the agent's avatar; 413 or 415 when the file is unusable. */
    public Agent upload(Exchange exchange, @Header("id") String id, @Variable("teamId") UUID teamId,
                        @Variable("role") String role) {
        // read first: it also removes the temporary files of the upload
        Avatar avatar = read(exchange);
        UUID agentId = Agents.pathId(id);
        if (!store.saveAvatar(teamId, agentId, avatar)) {
            throw Agents.notFound();
        }
        return agents.read(teamId, agentId, role);
    }

    /** Serves the agent's avatar with cache headers; 304 when the client's copy is current. */
    public void serve(Exchange exchange, @Header("id") String id, @Variable("teamId") UUID teamId) {
        Avatar avatar = store.findAvatar(teamId, Agents.pathId(id))
                .orElseThrow(() -> ApiException.notFound("Avatar not found"));
        Message message = exchange.getMessage();
        String ifNoneMatch = message.getHeader("If-None-Match", String.class);
        message.removeHeaders("*");
        message.setHeader("ETag", avatar.etag());
        message.setHeader("Cache-Control", "private, no-cache");
        message.setHeader("Vary", "Cookie");
        message.setHeader(Exchange.CONTENT_TYPE, avatar.contentType());
        if (ifNoneMatch != null && (ifNoneMatch.contains(avatar.etag()) || ifNoneMatch.trim().equals("*"))) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            message.setBody(null);
            return;
        }
        message.setBody(avatar.content());
    }

    private Avatar read(Exchange exchange) {
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
            return new Avatar(type.contentType(), content, etag(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTemporaryFiles(message);
        }
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
