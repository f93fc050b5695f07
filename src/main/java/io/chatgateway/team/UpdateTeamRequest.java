package io.chatgateway.team;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.Fields;

/** {@code PUT /api/team}: a field that is absent or null stays as it is (neither can be cleared). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateTeamRequest(String name, Boolean openRegistration) {

    UpdateTeamRequest checked() {
        return new UpdateTeamRequest(Fields.text("name", name, false, 1, 100), openRegistration);
    }
}
