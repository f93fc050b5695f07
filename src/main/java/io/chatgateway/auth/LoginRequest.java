package io.chatgateway.auth;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.Fields;

/** {@code POST /api/auth/login}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoginRequest(String email, String password) {

    /** Checked and trimmed (the password as sent); a refusal is a 422 naming the field. */
    LoginRequest checked() {
        return new LoginRequest(Fields.text("email", email, true, 1, 254),
                Fields.rawText("password", password, true, 1, 1024));
    }

    /** Never the password, wherever a request ends up printed. */
    @Override
    public String toString() {
        return "LoginRequest[email=" + email + "]";
    }
}
