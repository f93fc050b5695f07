package io.chatgateway.team;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code PUT /api/team/members/{id}}: a field that is absent or null stays as it is. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateMemberRequest(String role, Boolean isActive) {

    UpdateMemberRequest checked() {
        return new UpdateMemberRequest(Member.checkRole(role), isActive);
    }
}
