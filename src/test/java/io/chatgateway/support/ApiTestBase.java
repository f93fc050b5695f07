package io.chatgateway.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every {@link GatewayTest} class needs: the service's port, the database (to read back what was stored)
 * and {@link TestAccounts} for fresh teams and users. Runs before the subclass's own {@code @BeforeEach}.
 */
public abstract class ApiTestBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected TestAccounts accounts;

    @BeforeEach
    void createAccounts() {
        accounts = new TestAccounts(port);
    }
}
