package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.models.UserModel;

/**
 * {@code searchForUserByUserAttributeStream(realm, name, value)}: the users whose attribute {@code name} is exactly
 * {@code value}, as the SPI means it (not the substring match of a search). Usernames and emails compare ignoring case,
 * as Keycloak stores them lower-cased; names, the app user id and the attributes of attribute columns compare exactly.
 * Only attributes the app table holds are searched here; any other attribute lives in Keycloak's federated storage, which Keycloak searches itself.
 */
public record ExactAttribute(String name, String value, boolean ignoreCase, Function<AppRow, String> read) {

    private static final Map<String, Function<AppRow, String>> COLUMNS = Map.of(
            UserModel.USERNAME,
            AppRow::username,
            UserModel.EMAIL,
            AppRow::email,
            UserModel.FIRST_NAME,
            AppRow::firstName,
            UserModel.LAST_NAME,
            AppRow::lastName,
            UserSearchCriteria.APP_USER_ID,
            AppRow::id);

    public static Optional<ExactAttribute> of(String name, String value) {
        return of(name, value, AttributeColumns.NONE);
    }

    /** Also the attributes of {@code attributes}: their column narrows the search, the exact value decides. */
    public static Optional<ExactAttribute> of(String name, String value, AttributeColumns attributes) {
        if (value != null && attributes.maps(name)) {
            return Optional.of(new ExactAttribute(
                    name, value, false, row -> row.attributes().get(name)));
        }
        Function<AppRow, String> read = COLUMNS.get(name);
        if (read == null || value == null) {
            return Optional.empty();
        }
        boolean ignoreCase = UserModel.USERNAME.equals(name) || UserModel.EMAIL.equals(name);
        return Optional.of(new ExactAttribute(name, value, ignoreCase, read));
    }

    /** Narrows the search in SQL (equality ignoring case, whatever the column's collation). */
    public Map<String, String> searchParameters() {
        return Map.of(name, value, UserModel.EXACT, "true");
    }

    /** The exact comparison, applied to the rows SQL found. */
    public boolean matches(AppRow row) {
        String actual = read.apply(row);
        return actual != null && (ignoreCase ? actual.equalsIgnoreCase(value) : actual.equals(value));
    }
}
