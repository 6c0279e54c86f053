package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.keycloak.models.UserModel;

/**
 * Translates Keycloak's user-search parameters into one SQL condition, with the semantics of Keycloak's
 * own JPA user store:
 * <ul>
 *   <li>{@link UserModel#SEARCH}: whitespace-separated terms, all of which must match one of username,
 *   email, first name, last name; a term is a prefix by default, {@code *} is a wildcard, and a term in
 *   double quotes is an exact (case-insensitive) match.</li>
 *   <li>{@code username}, {@code email}, {@code firstName}, {@code lastName}: substring match, or
 *   equality when {@link UserModel#EXACT} is {@code true}.</li>
 *   <li>{@code enabled}, {@code emailVerified}: boolean filters.</li>
 *   <li>{@value #APP_USER_ID} attribute: equality on the id column.</li>
 *   <li>An attribute of an attribute column ({@code attributeColumns}): equality on its column, ignoring case for text
 *   (as Keycloak's own attribute search does), see {@link AttributeCondition}.</li>
 *   <li>Any other attribute, identity-provider link or group filter matches no app user: such data lives in
 *   Keycloak, not in the app table.</li>
 * </ul>
 */
public final class UserSearchCriteria {

    public static final String APP_USER_ID = "app_user_id";

    private static final Set<String> IGNORED_KEYS = Set.of(UserModel.EXACT, UserModel.INCLUDE_SERVICE_ACCOUNT);

    private final TableMapping mapping;
    private final Dialect dialect;
    private final Function<String, Optional<Object>> idParameter;
    private final BiFunction<String, Boolean, Object> booleanParameter;
    private final AttributeCondition attributeCondition;

    /**
     * @param idParameter converts an app user id given as text into the value to bind for the id column
     *                    (empty when the text cannot be an id, e.g. letters for an integer column)
     */
    public UserSearchCriteria(TableMapping mapping, Dialect dialect, Function<String, Optional<Object>> idParameter) {
        this(mapping, dialect, idParameter, (column, value) -> value);
    }

    /**
     * @param booleanParameter the value to bind for a boolean in a given column, as the column's type stores it
     *                         (BOOLEAN as is, 1/0 for numbers, 'true'/'false' for text; see {@link TableShape})
     */
    public UserSearchCriteria(
            TableMapping mapping,
            Dialect dialect,
            Function<String, Optional<Object>> idParameter,
            BiFunction<String, Boolean, Object> booleanParameter) {
        this(mapping, dialect, idParameter, booleanParameter, column -> AttributeColumnType.TEXT);
    }

    /** @param attributeType the type of an attribute column, as its column's type says (see {@link TableShape}) */
    public UserSearchCriteria(
            TableMapping mapping,
            Dialect dialect,
            Function<String, Optional<Object>> idParameter,
            BiFunction<String, Boolean, Object> booleanParameter,
            Function<String, AttributeColumnType> attributeType) {
        this.mapping = mapping;
        this.dialect = dialect;
        this.idParameter = idParameter;
        this.booleanParameter = booleanParameter;
        this.attributeCondition = new AttributeCondition(mapping.attributes(), dialect, attributeType);
    }

    public SqlCondition toCondition(Map<String, String> params) {
        boolean exact = Boolean.parseBoolean(params.get(UserModel.EXACT));
        List<String> clauses = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        for (Map.Entry<String, String> entry : params.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (IGNORED_KEYS.contains(key) || value == null) {
                continue;
            }
            SqlCondition condition = switch (key) {
                case UserModel.SEARCH -> searchTerms(value);
                case UserModel.USERNAME -> textFilter(Optional.of(mapping.username()), value, exact);
                case UserModel.EMAIL -> textFilter(mapping.email(), value, exact);
                case UserModel.FIRST_NAME -> textFilter(mapping.firstName(), value, exact);
                case UserModel.LAST_NAME -> textFilter(mapping.lastName(), value, exact);
                case UserModel.ENABLED -> booleanFilter(mapping.enabled(), value, true);
                case UserModel.EMAIL_VERIFIED -> booleanFilter(mapping.emailVerified(), value, false);
                case APP_USER_ID ->
                    idParameter
                            .apply(value.trim())
                            .map(id -> new SqlCondition(mapping.id() + " = ?", List.of(id)))
                            .orElse(SqlCondition.NEVER);
                default -> attributeCondition.of(key, value);
            };
            if (condition.equals(SqlCondition.NEVER)) {
                return SqlCondition.NEVER;
            }
            clauses.add(condition.sql());
            binds.addAll(condition.parameters());
        }
        if (clauses.isEmpty()) {
            return SqlCondition.ALWAYS;
        }
        return new SqlCondition(String.join(" AND ", clauses), binds);
    }

    private SqlCondition searchTerms(String search) {
        String trimmed = search.trim();
        if (trimmed.isEmpty()) {
            return SqlCondition.ALWAYS;
        }
        List<String> clauses = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        for (String term : trimmed.split("\\s+")) {
            SqlCondition c = searchTerm(term.toLowerCase(Locale.ROOT));
            clauses.add("(" + c.sql() + ")");
            binds.addAll(c.parameters());
        }
        return new SqlCondition(String.join(" AND ", clauses), binds);
    }

    private SqlCondition searchTerm(String term) {
        List<String> columns = searchableColumns();
        boolean quoted = term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"");
        String comparison;
        Object value;
        if (quoted) {
            comparison = " = ?";
            value = term.substring(1, term.length() - 1);
        } else {
            String pattern = escapeLike(term).replace('*', '%');
            if (pattern.isEmpty() || pattern.charAt(pattern.length() - 1) != '%') {
                pattern += "%";
            }
            comparison = " LIKE ?" + dialect.likeEscapeClause();
            value = pattern;
        }
        List<String> ors = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        for (String column : columns) {
            ors.add(dialect.caseInsensitive(column) + comparison);
            binds.add(value);
        }
        return new SqlCondition(String.join(" OR ", ors), binds);
    }

    private List<String> searchableColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(mapping.username());
        mapping.email().ifPresent(columns::add);
        mapping.firstName().ifPresent(columns::add);
        mapping.lastName().ifPresent(columns::add);
        return columns;
    }

    private SqlCondition textFilter(Optional<String> column, String value, boolean exact) {
        if (column.isEmpty()) {
            return SqlCondition.NEVER;
        }
        String lowered = value.toLowerCase(Locale.ROOT);
        String lhs = dialect.caseInsensitive(column.get());
        if (exact) {
            return new SqlCondition(lhs + " = ?", List.of(lowered));
        }
        return new SqlCondition(lhs + " LIKE ?" + dialect.likeEscapeClause(), List.of("%" + escapeLike(lowered) + "%"));
    }

    /** Unmapped boolean columns have a fixed value for every user: {@code unmappedValue}. */
    private SqlCondition booleanFilter(Optional<String> column, String value, boolean unmappedValue) {
        boolean wanted = Boolean.parseBoolean(value.trim());
        if (column.isEmpty()) {
            return wanted == unmappedValue ? SqlCondition.ALWAYS : SqlCondition.NEVER;
        }
        return new SqlCondition(column.get() + " = ?", List.of(booleanParameter.apply(column.get(), wanted)));
    }

    static String escapeLike(String value) {
        String e = String.valueOf(Dialect.LIKE_ESCAPE);
        return value.replace(e, e + e).replace("%", e + "%").replace("_", e + "_");
    }
}
