package io.chatgateway.team;

import java.util.UUID;

import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** {@code GET/PUT /api/team}: the caller's team. */
@Component("teamSettings")
public class TeamSettings {

    private final TeamStore teams;

    public TeamSettings(TeamStore teams) {
        this.teams = teams;
    }

    public Team get(@Variable("teamId") UUID teamId) {
        return teams.find(teamId).orElseThrow(TeamSettings::notFound);
    }

    public Team update(@Variable("teamId") UUID teamId, @Body UpdateTeamRequest body) {
        UpdateTeamRequest changes = RequestBodies.require(body).checked();
        return teams.update(teamId, changes.name(), changes.openRegistration()).orElseThrow(TeamSettings::notFound);
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Team not found");
    }
}
