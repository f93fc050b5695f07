package io.chatgateway.usage;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/team/usage}: the period (dates, inclusive, UTC), the grouping, its rows and the totals. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UsageReport(LocalDate from, LocalDate to, String groupBy, List<UsageRow> rows, UsageRow totals) {
}
