package io.chatgateway.team;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.Fields;
import io.chatgateway.system.ApiException;

/**
 * {@code POST /api/team/invites}; the body is optional. {@code role} defaults to user, {@code email} (when given)
 * is the only email that may register with the invite, {@code expires_in_hours} defaults to INVITE_TTL.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateInviteRequest(String role, String email, Integer expiresInHours) {

    static final int MAX_HOURS = 24 * 90;
    static final CreateInviteRequest DEFAULTS = new CreateInviteRequest(null, null, null);

    CreateInviteRequest checked() {
        String checkedRole = Member.checkRole(role);
        String checkedEmail = email == null ? null : Fields.email("email", email);
        if (expiresInHours != null && (expiresInHours < 1 || expiresInHours > MAX_HOURS)) {
            throw ApiException.invalid("expires_in_hours", "must be a whole number from 1 to " + MAX_HOURS);
        }
        return new CreateInviteRequest(checkedRole == null ? "user" : checkedRole, checkedEmail, expiresInHours);
    }
}
