package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.AttributeColumn;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeColumnTypeTest {

    private static TableShape.Column column(int jdbcType, String typeName) {
        return new TableShape.Column(jdbcType, typeName, true, false);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "12, VARCHAR, TEXT",
        "12, text, TEXT",
        "1, CHAR, TEXT",
        "-1, LONGTEXT, TEXT",
        "-9, NVARCHAR, TEXT",
        "4, INTEGER, WHOLE_NUMBER",
        "-5, BIGINT, WHOLE_NUMBER",
        "5, SMALLINT, WHOLE_NUMBER",
        "-6, TINYINT, WHOLE_NUMBER",
        "2, NUMERIC, DECIMAL",
        "3, DECIMAL, DECIMAL",
        "8, DOUBLE, DECIMAL",
        "16, BOOLEAN, BOOLEAN",
        "-7, bool, BOOLEAN",
        "91, DATE, DATE",
        "1111, uuid, UUID_VALUE",
        "-2, UUID, UUID_VALUE",
        "93, TIMESTAMP, UNSUPPORTED",
        "2005, CLOB, UNSUPPORTED",
        "-3, VARBINARY, UNSUPPORTED",
        "2003, _varchar, UNSUPPORTED",
        "1111, jsonb, UNSUPPORTED"
    })
    void theTypeFollowsTheColumn(int jdbcType, String typeName, AttributeColumnType expected) {
        assertThat(AttributeColumnType.of(column(jdbcType, typeName))).isEqualTo(expected);
    }

    @Test
    void valuesAreParsedForTheirColumn() {
        assertThat(AttributeColumnType.TEXT.toParameter(" as is ")).contains(" as is ");
        assertThat(AttributeColumnType.WHOLE_NUMBER.toParameter(" 42")).contains(42L);
        assertThat(AttributeColumnType.DECIMAL.toParameter("4.50")).contains(new BigDecimal("4.50"));
        assertThat(AttributeColumnType.BOOLEAN.toParameter("False")).contains(false);
        assertThat(AttributeColumnType.DATE.toParameter("2024-02-29")).contains(LocalDate.of(2024, 2, 29));
        UUID id = UUID.randomUUID();
        assertThat(AttributeColumnType.UUID_VALUE.toParameter(id.toString().toUpperCase()))
                .contains(id);
    }

    @Test
    void valuesTheColumnCannotHoldAreNone() {
        assertThat(AttributeColumnType.WHOLE_NUMBER.toParameter("4.5")).isEmpty();
        assertThat(AttributeColumnType.WHOLE_NUMBER.toParameter("99999999999999999999"))
                .isEmpty();
        assertThat(AttributeColumnType.DECIMAL.toParameter("1,5")).isEmpty();
        assertThat(AttributeColumnType.BOOLEAN.toParameter("1")).isEmpty();
        assertThat(AttributeColumnType.DATE.toParameter("2023-02-29")).isEmpty();
        assertThat(AttributeColumnType.UUID_VALUE.toParameter("1-2-3-4-5"))
                .as("not canonical")
                .isEmpty();
        assertThat(AttributeColumnType.UNSUPPORTED.toParameter("x")).isEmpty();
        assertThat(AttributeColumnType.TEXT.toParameter(null)).isEmpty();
    }

    @Test
    void savingRefusesAColumnAnAttributeCannotHold() {
        AttributeColumns attributes = new AttributeColumns(
                List.of(new AttributeColumn("phone_number", "phone"), new AttributeColumn("seen", "last_seen")));
        TableShape shape = new TableShape(
                IdColumnType.TEXT,
                Map.of("phone", column(Types.VARCHAR, "VARCHAR"), "last_seen", column(Types.TIMESTAMP, "TIMESTAMP")));

        assertThatThrownBy(() -> AttributeColumnType.requireSupported(attributes, shape))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Attribute columns: entry 'seen=last_seen': the column 'last_seen' has the type TIMESTAMP, "
                        + "which an attribute cannot hold; map a column of text, number, boolean, date or UUID type (or "
                        + "a view that converts this one).");
        AttributeColumnType.requireSupported(
                new AttributeColumns(List.of(attributes.entries().get(0))), shape);
    }
}
