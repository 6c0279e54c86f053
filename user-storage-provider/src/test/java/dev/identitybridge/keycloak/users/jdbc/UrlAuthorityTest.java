package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlAuthorityTest {

    @Test
    void hostIsLowerCasedAndThePortIsOptional() {
        assertThat(UrlAuthority.parse("DB.Internal:6432"))
                .isEqualTo(new UrlAuthority("db.internal", OptionalInt.of(6432)));
        assertThat(UrlAuthority.parse("db")).isEqualTo(new UrlAuthority("db", OptionalInt.empty()));
        assertThat(UrlAuthority.parse("[::1]").host()).isEqualTo("::1");
        assertThat(UrlAuthority.parse("db").portOr(5432)).isEqualTo(5432);
        assertThat(UrlAuthority.parse("db:1").portOr(5432)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "u:secret@db                  | credentials in the URL (user:password@)",
                "(host=db,password=secret)    | key-value host forms",
                "ADDRESS=(host=db)            | key-value host forms",
                "db1,db2                      | one host only",
                "db_1                         | the host must be",
                "''                           | the host must be",
                "db:0                         | the port must be between 1 and 65535",
                "db:65536                     | the port must be between 1 and 65535",
            })
    void refused(String authority, String message) {
        assertThatThrownBy(() -> UrlAuthority.parse(authority))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("JDBC URL refused: ")
                .hasMessageContaining(message)
                .hasMessageNotContaining("secret");
    }
}
