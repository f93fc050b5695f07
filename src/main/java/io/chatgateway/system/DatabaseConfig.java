package io.chatgateway.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DataSource: DATABASE_URL when set, otherwise an embedded PostgreSQL (never in production). */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(GatewayProperties properties) {
        GatewayProperties.Database database = properties.database();
        HikariConfig config = new HikariConfig();
        config.setPoolName("chat-gateway");
        config.setMaximumPoolSize(database.poolSize());
        if (database.url() != null && !database.url().isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(database.url());
            config.setJdbcUrl(url.jdbcUrl());
            config.setUsername(url.username());
            config.setPassword(url.password());
        } else if (properties.isProduction()) {
            throw new DatabaseStartupException(
                    "ENVIRONMENT=production needs DATABASE_URL (postgresql://user:password@host:5432/database); "
                            + "the embedded PostgreSQL is for development and tests only",
                    "Set DATABASE_URL (and JWT_SECRET_KEY) for production.");
        } else if (!EmbeddedDatabase.isInThisBuild()) {
            throw EmbeddedDatabase.notInThisBuild();
        } else {
            EmbeddedPostgres postgres = EmbeddedDatabase.start(database.embeddedDataDir());
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
        }
        return new HikariDataSource(config);
    }
}
