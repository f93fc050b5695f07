package io.chatgateway.relay;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.chat.ChatMessage;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Saves assistant messages (atomic append) and records failed answers in {@code error_logs}. */
@Component
class AnswerStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlStatements sql;
    private final ObjectMapper json;

    AnswerStore(NamedParameterJdbcTemplate jdbc, SqlStatements sql, ObjectMapper json) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.json = json;
    }

    void append(RelayJob job, ChatMessage message) {
        Map<String, Object> params = ids(job);
        try {
            params.put("message", json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update(sql.get("relay/append-assistant-message"), params);
    }

    void logError(RelayJob job, RelayError error, String detail) {
        Map<String, Object> params = ids(job);
        params.put("agentId", job.agentId());
        params.put("code", error.code);
        params.put("detail", detail);
        jdbc.update(sql.get("relay/insert-error-log"), params);
    }

    private static Map<String, Object> ids(RelayJob job) {
        Map<String, Object> params = new HashMap<>();
        params.put("chatId", job.chatId());
        params.put("teamId", job.teamId());
        params.put("userId", job.userId());
        return params;
    }
}
