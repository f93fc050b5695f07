package io.chatgateway.team;

import java.util.UUID;

/** The team a new user joins and the role they get there. */
record Membership(UUID teamId, String role) {
}
