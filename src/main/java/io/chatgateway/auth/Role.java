package io.chatgateway.auth;

import java.util.Locale;

/** What a REST verb requires of its caller, declared next to the verb: {@code security: [{key: role, scopes: admin}]}. */
public enum Role {
    /** No sign-in needed. */
    PUBLIC,
    /** Any signed-in member of a team. */
    MEMBER,
    /** A team admin. */
    ADMIN;

    public String declared() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String declared) {
        for (Role role : values()) {
            if (role.declared().equals(declared == null ? null : declared.trim())) {
                return role;
            }
        }
        return null;
    }
}
