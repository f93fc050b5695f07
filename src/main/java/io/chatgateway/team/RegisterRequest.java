package io.chatgateway.team;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.auth.PasswordHashing;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;

/**
 * {@code POST /api/auth/register}: exactly one of {@code invite_token} (join the invite's team with its role),
 * {@code team_slug} (join a team with open registration) or {@code team_name} (create a team).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegisterRequest(String email, String password, String name, String inviteToken, String teamSlug,
                              String teamName) {

    /** Checked, trimmed and the email lower-cased; a refusal is a 422 naming the field. */
    RegisterRequest checked() {
        RegisterRequest checked = new RegisterRequest(Fields.email("email", email),
                PasswordHashing.checkNewPassword("password", password),
                Fields.text("name", name, false, 1, 100),
                Fields.text("invite_token", inviteToken, false, 1, 200),
                Fields.text("team_slug", teamSlug, false, 1, 100),
                Fields.text("team_name", teamName, false, 1, 100));
        if (checked.inviteToken == null && checked.teamSlug == null && checked.teamName == null) {
            throw ApiException.invalid("invite_token", "one of invite_token, team_slug or team_name is required");
        }
        // one way into one team: a second one would be ignored, which the client could not tell
        if (checked.teamName != null && (checked.inviteToken != null || checked.teamSlug != null)) {
            throw ApiException.invalid("team_name", "give only one of invite_token, team_slug or team_name");
        }
        if (checked.teamSlug != null && checked.inviteToken != null) {
            throw ApiException.invalid("team_slug", "give only one of invite_token, team_slug or team_name");
        }
        return checked;
    }

    boolean createsTeam() {
        return inviteToken == null && teamSlug == null;
    }

    /** Never the password, wherever a request ends up printed. */
    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", name=" + name + ", teamSlug=" + teamSlug + ", teamName=" + teamName
                + (inviteToken == null ? "" : ", inviteToken=…") + "]";
    }
}
