package io.chatgateway.team;

import io.chatgateway.auth.AuthService;
import io.chatgateway.demo.DemoAgentSeeder;
import io.chatgateway.system.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * First start on an empty database: creates the first team and its admin from BOOTSTRAP_ADMIN_*, or in
 * development, when those are not set, a demo team whose credentials are printed once. In development the
 * team also gets the built-in demo agent. Replicas starting together on an empty database take turns
 * (advisory lock), so only one creates the admin.
 */
@Component
public class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    /** Development default only, printed at creation; production never creates it. */
    public static final String DEMO_EMAIL = "admin@chatgateway.local";
    public static final String DEMO_PASSWORD = "demo-admin-password";

    private final TeamDirectory teams;
    private final PasswordEncoder passwords;
    private final GatewayProperties properties;
    private final DemoAgentSeeder demoAgent;

    public BootstrapAdmin(TeamDirectory teams, PasswordEncoder passwords, GatewayProperties properties,
                          DemoAgentSeeder demoAgent) {
        this.teams = teams;
        this.passwords = passwords;
        this.properties = properties;
        this.demoAgent = demoAgent;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        teams.lockBootstrap();
        if (teams.anyUserExists()) {
            return;
        }
        GatewayProperties.Bootstrap bootstrap = properties.bootstrap();
        boolean configured = notBlank(bootstrap.adminEmail()) && notBlank(bootstrap.adminPassword());
        if (configured && bootstrap.adminPassword().length() < AuthService.MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException(
                    "BOOTSTRAP_ADMIN_PASSWORD must be at least " + AuthService.MIN_PASSWORD_LENGTH + " characters long");
        }
        if (!configured && properties.isProduction()) {
            log.warn("No users yet: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD to create the first admin");
            return;
        }
        String email = configured ? bootstrap.adminEmail().trim().toLowerCase(java.util.Locale.ROOT) : DEMO_EMAIL;
        String password = configured ? bootstrap.adminPassword() : DEMO_PASSWORD;
        String teamName = configured ? bootstrap.teamName() : "Demo team";
        var teamId = teams.createTeam(teamName);
        var adminId = teams.addMember(teamId, email, "Admin", passwords.encode(password), "admin");
        if (!properties.isProduction()) {
            demoAgent.seed(teamId, adminId);
        }
        if (configured) {
            log.info("Created team '{}' with admin {}", teamName, email);
        } else {
            log.warn("Development: created demo team with admin {} / {} (shown once; set BOOTSTRAP_ADMIN_* to choose)",
                    email, password);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
