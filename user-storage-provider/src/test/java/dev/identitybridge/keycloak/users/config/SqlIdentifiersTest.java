package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlIdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"id", "user_name", "_x", "A", "Z9", "email_verified", "_", "CamelCase_123"})
    void plainIdentifiersAreColumnAndTableNames(String name) {
        assertThat(SqlIdentifiers.isColumnName(name)).isTrue();
        assertThat(SqlIdentifiers.isTableName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "1abc",
                "9",
                "a-b",
                "a b",
                " id",
                "id ",
                "users; drop",
                "users;",
                "a.b.c",
                "\"quoted\"",
                "`id`",
                "[id]",
                "id'",
                "a/*c*/",
                "--",
                "é",
                "naïve",
                "a\nb",
                "a$b",
                "a.b."
            })
    void otherTextIsNeitherColumnNorTableName(String name) {
        assertThat(SqlIdentifiers.isColumnName(name)).as("column %s", name).isFalse();
        assertThat(SqlIdentifiers.isTableName(name)).as("table %s", name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.users", "public.users", "_s._t", "s1.t1"})
    void schemaQualifiedNamesAreTableButNotColumnNames(String name) {
        assertThat(SqlIdentifiers.isTableName(name)).isTrue();
        assertThat(SqlIdentifiers.isColumnName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {".users", "app.", "app..users", "1app.users", "app.1users", "app.us-ers"})
    void malformedQualifiedNamesAreRejected(String name) {
        assertThat(SqlIdentifiers.isTableName(name)).isFalse();
    }

    @Test
    void atMostSixtyThreeCharactersPerPart() {
        String max = "a".repeat(63);
        String tooLong = "a".repeat(64);
        assertThat(SqlIdentifiers.isColumnName(max)).isTrue();
        assertThat(SqlIdentifiers.isColumnName(tooLong)).isFalse();
        assertThat(SqlIdentifiers.isTableName(max)).isTrue();
        assertThat(SqlIdentifiers.isTableName(tooLong)).isFalse();
        assertThat(SqlIdentifiers.isTableName(max + "." + max)).isTrue();
        assertThat(SqlIdentifiers.isTableName(tooLong + "." + max)).isFalse();
        assertThat(SqlIdentifiers.isTableName(max + "." + tooLong)).isFalse();
    }

    @Test
    void nullIsRejected() {
        assertThat(SqlIdentifiers.isColumnName(null)).isFalse();
        assertThat(SqlIdentifiers.isTableName(null)).isFalse();
    }
}
