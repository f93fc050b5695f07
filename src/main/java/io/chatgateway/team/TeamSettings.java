package io.chatgateway.team;

import java.util.UUID;

import io.chatgateway.quota.Quotas;
import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** {@code GET/PUT /api/team}: the caller's team, with its quotas and the defaults. */
@Component("teamSettings")
public class TeamSettings {

    private final TeamStore teams;
    private final Quotas quotas;

    public TeamSettings(TeamStore teams, Quotas quotas) {
        this.teams = teams;
        this.quotas = quotas;
    }

    public Team get(@Variable("teamId") UUID teamId) {
        return teams.find(teamId).orElseThrow(TeamSettings::notFound).withQuotaDefaults(quotas.defaults());
    }

    public Team update(@Variable("teamId") UUID teamId, @Body UpdateTeamRequest body) {
        UpdateTeamRequest changes = RequestBodies.require(body).checked();
        return teams.update(teamId, changes.name(), changes.openRegistration(), changes.quotas())
                .orElseThrow(TeamSettings::notFound).withQuotaDefaults(quotas.defaults());
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Team not found");
    }
}
