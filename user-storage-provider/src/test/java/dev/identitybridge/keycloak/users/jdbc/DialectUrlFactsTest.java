package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The URL facts each dialect owns: its syntax, its parameter allow-list, whether the operator must opt in. */
class DialectUrlFactsTest {

    @Test
    void onlyAnEmbeddableDatabaseNeedsTheOperatorsOptIn() {
        assertThat(Arrays.stream(Dialect.values()).filter(Dialect::needsOperatorOptIn))
                .containsExactly(Dialect.H2);
    }

    @Test
    void networkDatabasesShareTheHostPortSyntax() {
        assertThat(Dialect.POSTGRESQL.urlSyntax()).isSameAs(HostPortUrlSyntax.INSTANCE);
        assertThat(Dialect.MARIADB.urlSyntax()).isSameAs(HostPortUrlSyntax.INSTANCE);
        assertThat(Dialect.MYSQL.urlSyntax()).isSameAs(HostPortUrlSyntax.INSTANCE);
        assertThat(Dialect.H2.urlSyntax()).isSameAs(H2UrlSyntax.INSTANCE);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyDialectAllowsSomeParametersButNoCredentials(Dialect dialect) {
        assertThat(dialect.urlParameters().valuePatterns())
                .isNotEmpty()
                .allSatisfy((name, value) -> assertThat(UrlParameterRules.isCredential(name))
                        .as(name)
                        .isFalse());
    }

    @Test
    void eachDriverHasItsOwnAllowList() {
        assertThat(Dialect.POSTGRESQL.urlParameters().valuePattern("ApplicationName"))
                .isPresent();
        assertThat(Dialect.MYSQL.urlParameters().valuePattern("ApplicationName"))
                .isEmpty();
        assertThat(Dialect.MYSQL.urlParameters().valuePattern("serverTimezone")).isPresent();
        assertThat(Dialect.MARIADB.urlParameters().valuePattern("serverTimezone"))
                .isEmpty();
        assertThat(Dialect.H2.urlParameters().valuePattern("MODE")).isPresent();
        for (String codeOrFiles : new String[] {"INIT", "TRACE_LEVEL_FILE", "AUTO_SERVER", "FILE_LOCK"}) {
            assertThat(Dialect.H2.urlParameters().valuePattern(codeOrFiles))
                    .as(codeOrFiles)
                    .isEmpty();
        }
        assertThat(Dialect.MYSQL.urlParameters().valuePattern("allowLoadLocalInfile"))
                .isEmpty();
        assertThat(Dialect.MARIADB.urlParameters().valuePattern("allowLocalInfile"))
                .isEmpty();
        assertThat(Dialect.POSTGRESQL.urlParameters().valuePattern("socketFactory"))
                .isEmpty();
    }

    @Test
    void booleanValuesAreCaseInsensitiveButEnumeratedValuesFollowTheDriver() {
        Pattern useSsl = Dialect.MYSQL.urlParameters().valuePattern("useSSL").orElseThrow();
        assertThat(useSsl.matcher("TRUE").matches()).isTrue();
        Pattern sslmode =
                Dialect.POSTGRESQL.urlParameters().valuePattern("sslmode").orElseThrow();
        assertThat(sslmode.matcher("verify-full").matches()).isTrue();
        assertThat(sslmode.matcher("VERIFY-FULL").matches()).isFalse();
    }
}
