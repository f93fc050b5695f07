package io.chatgateway.support;

/**
 * The settings every instance the suite starts shares, whether Spring's test context ({@link GatewayTest}) or an
 * {@link ExtraInstance}: constants, so the annotation can use them too.
 */
public final class SuiteSettings {

    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

    /** Loopback is a trusted proxy, so each test client brings its own address in X-Forwarded-For. */
    public static final String TRUSTED_PROXIES = "127.0.0.1/32,::1/128";

    public static final String ALLOWED_ORIGINS = "http://allowed.example";

    /** The lowest cost bcrypt takes: every registration and login hashes, and cost 12 takes 0.2-0.3 s each. */
    public static final String BCRYPT_COST = "4";

    private SuiteSettings() {
    }
}
