package io.chatgateway.team;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.JsonFields;
import org.springframework.stereotype.Component;

/** Validates team-admin request bodies into the parameter maps the SQL statements take. */
@Component("teamRequests")
public class TeamRequests {

    private static final int MAX_INVITE_HOURS = 24 * 90;

    private final Duration defaultInviteTtl;

    public TeamRequests(GatewayProperties properties) {
        this.defaultInviteTtl = properties.auth().inviteTtl();
    }

    /** PUT /api/team: fields not sent stay as they are (null). */
    public Map<String, Object> teamUpdate(Map<String, Object> body) {
        JsonFields fields = JsonFields.of(body);
        Map<String, Object> params = new HashMap<>();
        params.put("name", fields.text("name", false, 1, 100));
        params.put("open_registration", fields.bool("open_registration"));
        return params;
    }

    /** PUT /api/team/members/{id}: role and/or is_active. */
    public Map<String, Object> memberUpdate(Map<String, Object> body) {
        JsonFields fields = JsonFields.of(body);
        Map<String, Object> params = new HashMap<>();
        params.put("role", fields.oneOf("role", false, "admin", "user"));
        params.put("is_active", fields.bool("is_active"));
        return params;
    }

    /** POST /api/team/invites: a new one-time token; only its hash is stored. */
    public Map<String, Object> newInvite(Map<String, Object> body) {
        JsonFields fields = JsonFields.of(body == null ? Map.of() : body);
        String role = fields.oneOf("role", false, "admin", "user");
        String email = fields.has("email") && body.get("email") != null ? fields.email("email") : null;
        Duration ttl = defaultInviteTtl;
        if (body != null && body.get("expires_in_hours") != null) {
            if (!(body.get("expires_in_hours") instanceof Integer hours) || hours < 1 || hours > MAX_INVITE_HOURS) {
                throw ApiException.invalid("expires_in_hours", "must be a whole number from 1 to " + MAX_INVITE_HOURS);
            }
            ttl = Duration.ofHours(hours);
        }
        String token = TeamDirectory.newInviteToken();
        Map<String, Object> params = new HashMap<>();
        params.put("token", token);
        params.put("token_hash", TeamDirectory.hash(token));
        params.put("role", role == null ? "user" : role);
        params.put("email", email);
        params.put("expires_at", OffsetDateTime.now(ZoneOffset.UTC).plus(ttl));
        return params;
    }
}
