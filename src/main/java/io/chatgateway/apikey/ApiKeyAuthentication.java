package io.chatgateway.apikey;

import java.security.MessageDigest;
import java.util.Optional;

import io.chatgateway.auth.ApiKeyAuthenticator;
import io.chatgateway.auth.AuthenticatedUser;
import org.springframework.stereotype.Component;

/**
 * A team API key's caller: the key's row is read by its key id on every request (one lookup by a unique index), so a
 * revocation, an expiry or the creator's deactivation acts at once on every replica without a cache to invalidate;
 * the SHA-256 of the key is compared in constant time. The caller is the key's creator with the role {@code user},
 * its team and its agents. {@code last_used_at} is written at most once a minute.
 */
@Component
class ApiKeyAuthentication implements ApiKeyAuthenticator {

    private final ApiKeyStore keys;

    ApiKeyAuthentication(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String key) {
        String keyId = ApiKeyToken.keyIdOf(key);
        if (keyId == null) {
            return Optional.empty();
        }
        return keys.findUsable(keyId)
                .filter(found -> MessageDigest.isEqual(found.secretSha256(), ApiKeyToken.sha256(key)))
                .map(found -> {
                    if (found.touchDue()) {
                        keys.touch(found.id());
                    }
                    return new AuthenticatedUser(found.createdBy(), found.teamId(), "user", found.id(), found.agentIds());
                });
    }
}
