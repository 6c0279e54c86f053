package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdColumnTypeTest {

    @ParameterizedTest
    @ValueSource(ints = {Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.NUMERIC, Types.DECIMAL})
    void wholeNumberJdbcTypes(int jdbcType) {
        assertThat(IdColumnType.fromJdbcType(jdbcType, "whatever")).isEqualTo(IdColumnType.WHOLE_NUMBER);
        assertThat(IdColumnType.fromJdbcType(jdbcType, null)).isEqualTo(IdColumnType.WHOLE_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                Types.VARCHAR,
                Types.CHAR,
                Types.NVARCHAR,
                Types.LONGVARCHAR,
                Types.CLOB,
                Types.OTHER,
                Types.BINARY,
                Types.VARBINARY,
                Types.DOUBLE,
                Types.REAL,
                Types.FLOAT,
                Types.BOOLEAN,
                Types.TIMESTAMP
            })
    void everythingElseIsText(int jdbcType) {
        assertThat(IdColumnType.fromJdbcType(jdbcType, "varchar")).isEqualTo(IdColumnType.TEXT);
        assertThat(IdColumnType.fromJdbcType(jdbcType, null)).isEqualTo(IdColumnType.TEXT);
    }

    @Test
    void uuidIsRecognisedByTypeNameWhateverTheJdbcType() {
        // PostgreSQL reports uuid as Types.OTHER, H2 as Types.BINARY; both name the type "uuid"
        assertThat(IdColumnType.fromJdbcType(Types.OTHER, "uuid")).isEqualTo(IdColumnType.UUID_VALUE);
        assertThat(IdColumnType.fromJdbcType(Types.BINARY, "UUID")).isEqualTo(IdColumnType.UUID_VALUE);
        assertThat(IdColumnType.fromJdbcType(Types.VARCHAR, "Uuid")).isEqualTo(IdColumnType.UUID_VALUE);
        assertThat(IdColumnType.fromJdbcType(Types.OTHER, "uuid[]")).isEqualTo(IdColumnType.TEXT);
        assertThat(IdColumnType.fromJdbcType(Types.CHAR, "char")).isEqualTo(IdColumnType.TEXT);
    }

    @Test
    void textBindsTheIdUnchanged() {
        assertThat(IdColumnType.TEXT.toParameter("6f1c2a4e-0001")).contains("6f1c2a4e-0001");
        assertThat(IdColumnType.TEXT.toParameter("42")).contains("42");
        assertThat(IdColumnType.TEXT.toParameter(" x ")).contains(" x ");
    }

    @Test
    void uuidParsesTheId() {
        String id = "6f1c2a4e-0001-4000-8000-000000000001";
        assertThat(IdColumnType.UUID_VALUE.toParameter(id)).contains(UUID.fromString(id));
        assertThat(IdColumnType.UUID_VALUE.toParameter(id).orElseThrow()).isInstanceOf(UUID.class);
        assertThat(IdColumnType.UUID_VALUE.toParameter(id.toUpperCase())).contains(UUID.fromString(id));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "42",
                "6f1c2a4e-0001-4000-8000",
                "6f1c2a4e000140008000000000000001",
                "6f1c2a4e-0001-4000-8000-00000000000g"
            })
    void uuidRejectsNonUuids(String id) {
        assertThat(IdColumnType.UUID_VALUE.toParameter(id)).isEmpty();
    }

    @Test
    void wholeNumberParsesTheIdAsLong() {
        assertThat(IdColumnType.WHOLE_NUMBER.toParameter("42")).contains(42L);
        assertThat(IdColumnType.WHOLE_NUMBER.toParameter("-7")).contains(-7L);
        assertThat(IdColumnType.WHOLE_NUMBER.toParameter("9223372036854775807")).contains(Long.MAX_VALUE);
        assertThat(IdColumnType.WHOLE_NUMBER.toParameter("42").orElseThrow()).isInstanceOf(Long.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "4 2",
                " 42",
                "42 ",
                "1.0",
                "1e3",
                "0x10",
                "9223372036854775808",
                "6f1c2a4e-0001-4000-8000-000000000001"
            })
    void wholeNumberRejectsNonNumbers(String id) {
        assertThat(IdColumnType.WHOLE_NUMBER.toParameter(id)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullOrEmptyIsNeverAnId(String id) {
        for (IdColumnType type : IdColumnType.values()) {
            assertThat(type.toParameter(id)).as(type.name()).isEmpty();
        }
    }
}
