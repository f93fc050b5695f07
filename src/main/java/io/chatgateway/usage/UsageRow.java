package io.chatgateway.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The usage of one day, agent, user or API key (or the totals): {@code key} is the day ({@code 2026-12-01}) or the
 * id (null: none, e.g. chat usage grouped by key), {@code label} the day, agent name, user email or key name.
 * {@code failed} counts errors and interrupted generations. Averages are null when nothing was measured.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageRow(String key, String label, long generations, long completed, long failed, long stopped,
                       long charsIn, long charsOut, long tokensIn, long tokensOut, Long avgTtftMs,
                       Long avgDurationMs) {

    static final String CSV_HEADER = "key,label,generations,completed,failed,stopped,chars_in,chars_out,tokens_in,"
            + "tokens_out,avg_ttft_ms,avg_duration_ms";

    static UsageRow empty() {
        return new UsageRow(null, null, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    /** One CSV line (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled). */
    String csv() {
        return String.join(",", field(key), field(label), String.valueOf(generations), String.valueOf(completed),
                String.valueOf(failed), String.valueOf(stopped), String.valueOf(charsIn), String.valueOf(charsOut),
                String.valueOf(tokensIn), String.valueOf(tokensOut), avgTtftMs == null ? "" : avgTtftMs.toString(),
                avgDurationMs == null ? "" : avgDurationMs.toString());
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        // a spreadsheet runs a cell starting with = + - @ as a formula: quote it with a leading apostrophe
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
