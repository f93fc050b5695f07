package io.chatgateway.team;

import java.util.Locale;
import java.util.UUID;

import io.chatgateway.auth.PasswordHashing;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * First start on an empty database: creates the first team and its admin from BOOTSTRAP_ADMIN_*, or in
 * development, when those are not set, a demo team whose credentials are printed once. Then announces
 * {@link FirstTeamCreated} (development adds its demo agent). Replicas starting together on an empty database
 * take turns (advisory lock), so only one creates the admin.
 */
@Component
public class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    /** Development default only, printed at creation; production never creates it. */
    public static final String DEMO_EMAIL = "admin@chatgateway.local";
    public static final String DEMO_PASSWORD = "demo-admin-password";

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final TeamStore teams;
    private final MemberStore members;
    private final PasswordEncoder passwords;
    private final GatewayProperties properties;
    private final ApplicationEventPublisher events;

    public BootstrapAdmin(JdbcClient jdbc, SqlStatements sql, TeamStore teams, MemberStore members,
                          PasswordEncoder passwords, GatewayProperties properties, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.teams = teams;
        this.members = members;
        this.passwords = passwords;
        this.properties = properties;
        this.events = events;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        jdbc.sql(sql.get("team/lock-bootstrap")).query().listOfRows();
        if (members.anyUserExists()) {
            return;
        }
        GatewayProperties.Bootstrap bootstrap = properties.bootstrap();
        boolean configured = notBlank(bootstrap.adminEmail()) && notBlank(bootstrap.adminPassword());
        if (configured && bootstrap.adminPassword().length() < PasswordHashing.MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("BOOTSTRAP_ADMIN_PASSWORD must be at least "
                    + PasswordHashing.MIN_PASSWORD_LENGTH + " characters long");
        }
        if (configured && !PasswordHashing.fitsBcrypt(bootstrap.adminPassword())) {
            throw new IllegalStateException("BOOTSTRAP_ADMIN_PASSWORD must be at most "
                    + PasswordHashing.MAX_PASSWORD_BYTES + " bytes long in UTF-8");
        }
        if (!configured && properties.isProduction()) {
            log.warn("No users yet: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD to create the first admin");
            return;
        }
        String email = configured ? bootstrap.adminEmail().trim().toLowerCase(Locale.ROOT) : DEMO_EMAIL;
        String password = configured ? bootstrap.adminPassword() : DEMO_PASSWORD;
        String teamName = configured ? bootstrap.teamName() : "Demo team";
        UUID teamId = teams.create(teamName);
        UUID adminId = members.add(teamId, email, "Admin", passwords.encode(password), "admin");
        events.publishEvent(new FirstTeamCreated(teamId, adminId));
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
