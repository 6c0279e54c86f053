package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.AppRow;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.models.UserModel;

/**
 * {@code searchForUserByUserAttributeStream(realm, name, value)}: the users whose attribute {@code name} is exactly
 * {@code value}, as the SPI means it (not the substring match of a search). Usernames and emails compare ignoring case,
 * as Keycloak stores them lower-cased; names and the app user id compare exactly. Only attributes the app table holds
 * are searched here; any other attribute lives in Keycloak's federated storage, which Keycloak searches itself.
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
