package io.chatgateway.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The built-in demo agent: answers a webhook call the way an n8n Webhook node in "Streaming" response mode does
 * (chunked NDJSON: begin, one item per word, end), echoing the last user message, so that a fresh checkout can
 * watch a streamed answer without n8n. Each line is written and flushed straight to the servlet response; the
 * message body stays null so the platform-http binding writes nothing afterwards.
 */
@Component("demoAgentStream")
public class DemoAgentStream implements Processor {

    private static final Logger log = LoggerFactory.getLogger(DemoAgentStream.class);
    private static final int MAX_ECHOED_WORDS = 60;
    private static final String NODE_ID = "3f1c2b7e-demo-agent";
    private static final String NODE_NAME = "Demo Agent";

    private final ObjectMapper json;
    private final DemoAgentProperties properties;

    public DemoAgentStream(ObjectMapper json, DemoAgentProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String answer = answerTo(lastUserMessage(exchange.getIn().getBody(String.class)));
        HttpServletResponse response = exchange.getIn(PlatformHttpMessage.class).getResponse();
        exchange.getMessage().setBody(null);
        response.setStatus(200);
        response.setContentType("application/json; charset=utf-8");
        try {
            OutputStream out = response.getOutputStream();
            writeLine(out, line("begin", null));
            for (String word : words(answer)) {
                Thread.sleep(properties.wordDelay().toMillis());
                writeLine(out, line("item", word));
            }
            writeLine(out, line("end", null));
        } catch (IOException e) {
            log.debug("Demo agent caller went away: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String lastUserMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode messages;
        try {
            messages = json.readTree(body).path("messages");
        } catch (IOException e) {
            return null;
        }
        String last = null;
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asText()) && message.path("content").isTextual()) {
                last = message.path("content").asText();
            }
        }
        return last;
    }

    static String answerTo(String userMessage) {
        if (userMessage == null || userMessage.isBlank()) {
            return "Hello from the built-in demo agent! Send me a message and I will echo it back, word by word.";
        }
        String[] words = userMessage.trim().split("\\s+");
        String echoed = words.length <= MAX_ECHOED_WORDS ? String.join(" ", words)
                : String.join(" ", List.of(words).subList(0, MAX_ECHOED_WORDS)) + " …";
        return "You wrote: \"" + echoed + "\". This is the built-in demo agent, streaming its answer word by word "
                + "like an n8n Webhook node in streaming mode. Point an agent at a real n8n workflow for real answers.";
    }

    /** The answer cut after each run of whitespace, so that the items concatenate back to the answer. */
    static List<String> words(String answer) {
        return List.of(answer.split("(?<=\\s)(?=\\S)"));
    }

    /** One NDJSON object in n8n's field order: type, content (items only), metadata. */
    private static Map<String, Object> line(String type, String content) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        if (content != null) {
            line.put("content", content);
        }
        line.put("metadata", metadata());
        return line;
    }

    private static Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("nodeId", NODE_ID);
        metadata.put("nodeName", NODE_NAME);
        metadata.put("itemIndex", 0);
        metadata.put("runIndex", 0);
        metadata.put("timestamp", System.currentTimeMillis());
        return metadata;
    }

    private void writeLine(OutputStream out, Map<String, Object> line) throws IOException {
        out.write(json.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
    }
}
