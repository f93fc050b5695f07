package io.chatgateway.usage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.auth.CurrentUser;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.SqlStatements;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/team/usage} (team admins): the usage ledger of the caller's team, summed by day, agent, user or
 * API key, as JSON or, for {@code Accept: text/csv}, as CSV with a header line.
 */
@Component("teamUsage")
public class TeamUsage {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;
    private static final Set<String> GROUPS = Set.of("day", "agent", "user", "key");

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public TeamUsage(JdbcClient jdbc, SqlStatements sql, ObjectMapper json) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.json = json;
    }

    /** Writes the report as the client asked (JSON unless it accepts text/csv and not JSON first). */
    public void report(@Header("from") String from, @Header("to") String to, @Header("group_by") String groupBy,
                       @Header("Accept") String accept, @Variable(CurrentUser.TEAM_ID) UUID teamId,
                       Exchange exchange) throws JsonProcessingException {
        UsageReport report = report(teamId, from, to, groupBy);
        if (wantsCsv(accept)) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
            exchange.getMessage().setHeader("Content-Disposition",
                    "attachment; filename=\"usage-" + report.from() + "-" + report.to() + "-" + report.groupBy() + ".csv\"");
            exchange.getMessage().setBody(csv(report).getBytes(StandardCharsets.UTF_8));
        } else {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(json.writeValueAsBytes(report));
        }
    }

    UsageReport report(UUID teamId, String fromText, String toText, String groupByText) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = toText == null || toText.isBlank() ? today : date("to", toText);
        LocalDate from = fromText == null || fromText.isBlank() ? to.minusDays(DEFAULT_DAYS - 1L) : date("from", fromText);
        if (from.isAfter(to)) {
            throw ApiException.invalid("from", "must not be after to");
        }
        // years PostgreSQL's date reads as written (LocalDate also takes +10000-01-01 or -0001-01-01)
        if (from.getYear() < MIN_YEAR || to.getYear() > MAX_YEAR) {
            throw ApiException.invalid(from.getYear() < MIN_YEAR ? "from" : "to",
                    "must be a date from 0001-01-01 to 9999-12-31");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw ApiException.invalid("to", "the period may span at most " + MAX_DAYS + " days");
        }
        String groupBy = groupByText == null || groupByText.isBlank() ? "day" : groupByText;
        if (!GROUPS.contains(groupBy)) {
            throw ApiException.invalid("group_by", "must be day, agent, user or key");
        }
        List<UsageRow> rows = new ArrayList<>();
        UsageRow[] totals = {UsageRow.empty()};
        jdbc.sql(sql.get("usage/report"))
                .param("team_id", teamId).param("from", from.toString()).param("to", to.toString())
                .param("group_by", groupBy)
                .query(rs -> {
                    UsageRow row = new UsageRow(rs.getString("key"), rs.getString("label"), rs.getLong("generations"),
                            rs.getLong("completed"), rs.getLong("failed"), rs.getLong("stopped"),
                            rs.getLong("chars_in"), rs.getLong("chars_out"), rs.getLong("tokens_in"),
                            rs.getLong("tokens_out"), rs.getObject("avg_ttft_ms", Long.class),
                            rs.getObject("avg_duration_ms", Long.class));
                    if (rs.getBoolean("total")) {
                        totals[0] = row;
                    } else {
                        rows.add(row);
                    }
                });
        return new UsageReport(from, to, groupBy, rows, totals[0]);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be a date YYYY-MM-DD");
        }
    }

    static String csv(UsageReport report) {
        StringBuilder out = new StringBuilder(UsageRow.CSV_HEADER).append("\r\n");
        for (UsageRow row : report.rows()) {
            out.append(row.csv()).append("\r\n");
        }
        return out.toString();
    }

    private static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        int csv = accept.indexOf("text/csv");
        int json = accept.indexOf("application/json");
        return csv >= 0 && (json < 0 || csv < json);
    }
}
