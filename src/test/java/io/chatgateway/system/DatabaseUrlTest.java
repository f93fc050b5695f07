package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void postgresqlUrlBecomesJdbcWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://chat:secret@db.internal:6543/gateway");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/gateway");
        assertThat(url.username()).isEqualTo("chat");
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void postgresAndAsyncpgSchemesAreAccepted() {
        assertThat(DatabaseUrl.parse("postgres://u:p@h:5433/d").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/d");
        DatabaseUrl seed = DatabaseUrl.parse("postgresql+asyncpg://u:p@h/d");
        assertThat(seed.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
        assertThat(seed.username()).isEqualTo("u");
    }

    @Test
    void portDefaultsTo5432AndQueryIsKept() {
        assertThat(DatabaseUrl.parse("postgresql://u@h/d?sslmode=require").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/d?sslmode=require");
    }

    @Test
    void encodedPasswordIsDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app%40corp:p%40ss%3Aw%2Fo%23rd@h:5432/d");
        assertThat(url.username()).isEqualTo("app@corp");
        assertThat(url.password()).isEqualTo("p@ss:w/o#rd");
    }

    @Test
    void userWithoutPasswordAndNoCredentials() {
        assertThat(DatabaseUrl.parse("postgresql://u@h/d").password()).isNull();
        DatabaseUrl none = DatabaseUrl.parse("postgresql://h/d");
        assertThat(none.username()).isNull();
        assertThat(none.password()).isNull();
    }

    @Test
    void jdbcUrlIsTakenAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse(" jdbc:postgresql://h:5432/d?user=u&password=p ");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d?user=u&password=p");
        assertThat(url.username()).isNull();
    }

    @Test
    void otherSchemesAndNonsenseAreRefusedWithAHint() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h/d")).hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse("not a url")).hasMessageContaining("postgresql://");
    }
}
