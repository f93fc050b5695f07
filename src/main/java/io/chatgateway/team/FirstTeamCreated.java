package io.chatgateway.team;

import java.util.UUID;

/**
 * Published by {@link BootstrapAdmin} inside its transaction, once the first team and its admin exist on an empty
 * database, so that development extras (the demo agent) can be added without bootstrap knowing of them.
 */
public record FirstTeamCreated(UUID teamId, UUID adminId) {
}
