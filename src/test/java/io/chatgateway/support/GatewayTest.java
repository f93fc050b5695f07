package io.chatgateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.chatgateway.ChatGatewayApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole service on a random port over the suite's one embedded PostgreSQL. Every test class uses exactly
 * this configuration so Spring caches one context for the suite; tests isolate their data by creating fresh
 * teams and users ({@link TestAccounts}). Logins carry a fresh X-Forwarded-For (loopback is a trusted proxy
 * here) so that the login rate limit applies per test client, as it would per real client.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(classes = ChatGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "chatgateway.database.embedded-data-dir=",
                "chatgateway.auth.registration-mode=open",
                "chatgateway.auth.trusted-proxies=" + SuiteSettings.TRUSTED_PROXIES,
                "chatgateway.auth.allowed-origins=" + SuiteSettings.ALLOWED_ORIGINS,
                "chatgateway.auth.bcrypt-cost=" + SuiteSettings.BCRYPT_COST,
                "chatgateway.jwt.secret=" + SuiteSettings.JWT_SECRET,
        })
public @interface GatewayTest {
}
