package io.chatgateway.team;

import java.util.UUID;

import io.chatgateway.auth.AccountStore;
import io.chatgateway.auth.ClientAddress;
import io.chatgateway.auth.ClientAttemptLimiter;
import io.chatgateway.auth.CurrentUserView;
import io.chatgateway.auth.PasswordHashing;
import io.chatgateway.auth.SignIn;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * {@code POST /api/auth/register}: a new user joins a team by invite or by its slug, or creates one, and is signed
 * in. Every refusal that concerns an invite, a team or an email reads the same, so that nobody learns which exist.
 */
@Component("registration")
public class Registration {

    private static final String REFUSED =
            "Registration failed: the invite or team is not valid for this email, or the email cannot be used";

    private final TeamStore teams;
    private final MemberStore members;
    private final InviteStore invites;
    private final PasswordHashing passwords;
    private final ClientAttemptLimiter attempts;
    private final ClientAddress clientAddress;
    private final AccountStore accounts;
    private final SignIn signIn;
    private final TransactionOperations transaction;
    private final boolean openRegistration;

    public Registration(TeamStore teams, MemberStore members, InviteStore invites, PasswordHashing passwords,
                        ClientAttemptLimiter attempts, ClientAddress clientAddress, AccountStore accounts, SignIn signIn,
                        TransactionOperations transaction, GatewayProperties properties) {
        this.teams = teams;
        this.members = members;
        this.invites = invites;
        this.passwords = passwords;
        this.attempts = attempts;
        this.clientAddress = clientAddress;
        this.accounts = accounts;
        this.signIn = signIn;
        this.transaction = transaction;
        this.openRegistration = properties.auth().openRegistration();
    }

    public CurrentUserView register(@Body RegisterRequest body, Exchange exchange) {
        RegisterRequest request = RequestBodies.require(body).checked();
        if (request.createsTeam() && !openRegistration) {
            throw ApiException.forbidden("Creating a team by registering is disabled; ask a team admin for an invite");
        }
        attempts.countRegistration(clientAddress.of(exchange));
        // hashed before any lookup so that the answer takes as long whether or not the email or team exists, and
        // outside the transaction, which would hold a database connection meanwhile
        String passwordHash = passwords.encode(request.password());
        NewMember member = transaction.execute(status -> join(request, passwordHash));
        signIn.start(exchange.getMessage(), member.userId(), member.teamId(), member.role(), 0);
        return accounts.profile(member.userId());
    }

    private NewMember join(RegisterRequest request, String passwordHash) {
        Membership membership;
        if (request.inviteToken() != null) {
            membership = invites.findUsable(request.inviteToken(), request.email()).orElseThrow(Registration::refused);
        } else if (request.teamSlug() != null) {
            membership = teams.findOpen(request.teamSlug()).map(teamId -> new Membership(teamId, "user"))
                    .orElseThrow(Registration::refused);
        } else {
            membership = null;
        }
        if (members.emailInUse(request.email())) {
            throw refused();
        }
        if (membership == null) {
            membership = new Membership(teams.create(request.teamName()), "admin");
        }
        UUID userId;
        try {
            userId = members.add(membership.teamId(), request.email(), request.name(), passwordHash, membership.role());
        } catch (DuplicateKeyException e) {
            // the same email registered concurrently
            throw refused();
        }
        if (request.inviteToken() != null) {
            invites.markUsed(request.inviteToken(), userId);
        }
        return new NewMember(userId, membership.teamId(), membership.role());
    }

    private static ApiException refused() {
        return ApiException.badRequest(REFUSED);
    }

    private record NewMember(UUID userId, UUID teamId, String role) {
    }
}
