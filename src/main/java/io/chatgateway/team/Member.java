package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.ApiTimestamp;
import io.chatgateway.system.Fields;

/** A user of the team as its admins see them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Member(UUID id, String email, String name, String role, boolean isActive,
                     @ApiTimestamp OffsetDateTime createdAt, @ApiTimestamp OffsetDateTime updatedAt) {

    /** A role as requested: admin or user, or null when not given. */
    static String checkRole(String role) {
        String checked = Fields.text("role", role, false, 1, 64);
        if (checked != null && !"admin".equals(checked) && !"user".equals(checked)) {
            throw ApiException.invalid("role", "must be one of admin, user");
        }
        return checked;
    }

    boolean isActiveAdmin() {
        return isActive && "admin".equals(role);
    }
}
