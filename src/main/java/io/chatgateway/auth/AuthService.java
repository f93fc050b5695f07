package io.chatgateway.auth;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.chatgateway.auth.AccountStore.Credentials;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

/** Log in, log out and "who am I" — the logic behind routes/auth.camel.yaml (registration: team.Registration). */
@Service("authService")
public class AuthService {

    private final AccountStore accounts;
    private final ActiveSessions sessions;
    private final PasswordHashing passwords;
    private final SignIn signIn;
    private final ClientAttemptLimiter attempts;
    private final ClientAddress clientAddress;
    /**
     * Compared against when the email is unknown, so that timing does not reveal which emails exist. Hashed at the
     * first login (whatever its email) rather than at start-up, where a cost-12 bcrypt on a cold JVM took 0.3-0.5 s.
     */
    private final Supplier<String> dummyHash;

    public AuthService(AccountStore accounts, ActiveSessions sessions, PasswordHashing passwords, SignIn signIn,
                       ClientAttemptLimiter attempts, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.passwords = passwords;
        this.signIn = signIn;
        this.attempts = attempts;
        this.clientAddress = clientAddress;
        this.dummyHash = SingletonSupplier.of(() -> {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            return passwords.encode(UUID.nameUUIDFromBytes(random).toString());
        });
    }

    public CurrentUserView login(@Body LoginRequest body, Exchange exchange) {
        attempts.countLogin(clientAddress.of(exchange));
        LoginRequest request = RequestBodies.require(body).checked();
        String unknownEmailHash = dummyHash.get();
        Optional<Credentials> user = accounts.findCredentials(request.email());
        // no account has a password bcrypt cannot read whole (registration refuses them): not worth a hash
        boolean matches = PasswordHashing.fitsBcrypt(request.password())
                && passwords.matches(request.password(), user.map(Credentials::passwordHash).orElse(unknownEmailHash));
        if (user.isEmpty() || !matches || !user.get().active()) {
            throw ApiException.unauthorized("Incorrect email or password");
        }
        Credentials account = user.get();
        signIn.start(exchange.getMessage(), account.userId(), account.teamId(), account.role(), account.tokenVersion());
        return accounts.profile(account.userId());
    }

    /** Clears the cookie and, for a signed-in caller, revokes every token issued so far. */
    public LoggedOut logout(@Variable(CurrentUser.USER_ID) UUID userId, Exchange exchange) {
        if (userId != null) {
            accounts.revokeTokens(userId);
            sessions.evict(userId);
        }
        signIn.end(exchange.getMessage());
        return LoggedOut.INSTANCE;
    }

    public CurrentUserView me(@Variable(CurrentUser.USER_ID) UUID userId) {
        if (userId == null) {
            throw ApiException.unauthorized("Not authenticated");
        }
        return accounts.profile(userId);
    }
}
