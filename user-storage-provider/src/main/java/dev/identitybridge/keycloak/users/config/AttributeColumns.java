package dev.identitybridge.keycloak.users.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The option {@code attributeColumns}: further columns of the app table exposed as Keycloak user attributes, one
 * {@code attribute=column} entry each ({@code phone_number=phone}, {@code locale=lang}). Parsed once per configuration
 * change; immutable.
 *
 * <p>An attribute name is a plain name (letters, digits, {@code _ . -}, starting with a letter) that Keycloak does not
 * already give a meaning to for app users: not one of the profile properties the provider maps by its own options
 * (username, email, first and last name, the flags), not {@code app_user_id}, and not one of the names Keycloak keeps in
 * its federated storage for those properties. A column is a plain SQL identifier that no other option maps (so the
 * password hash or the auth id can never become an attribute). No attribute and no column may appear twice.
 */
public record AttributeColumns(List<AttributeColumn> entries) {

    public static final AttributeColumns NONE = new AttributeColumns(List.of());

    /** Keycloak's attribute-name characters, without the ones that mean something in a search query or a claim path. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");

    /**
     * Names with a meaning already, compared ignoring case: the profile properties, the app user id, and the names of
     * Keycloak's federated storage for the properties (an attribute named {@code EMAIL} would be read as the email).
     */
    private static final Set<String> RESERVED = Set.of(
            "username",
            "email",
            "firstname",
            "lastname",
            "enabled",
            "emailverified",
            "app_user_id",
            "createdtimestamp",
            "first_name",
            "last_name",
            "email_verified",
            "created_timestamp");

    private static final String EXAMPLE = " (for example phone_number=phone)";

    public AttributeColumns {
        entries = List.copyOf(entries);
    }

    /**
     * Parses the option's values.
     *
     * @param values         the entries as configured (blank values are skipped; a value may also hold several
     *                       entries separated by {@code ##}, the form some admin clients store multivalued options in)
     * @param mappedColumns  the columns other options map, keyed by option name; an attribute cannot reuse one
     * @throws InvalidConfigException with a message naming the entry and what is wrong with it
     */
    public static AttributeColumns parse(List<String> values, Map<String, String> mappedColumns) {
        if (values == null || values.isEmpty()) {
            return NONE;
        }
        Map<String, String> columnOwners = new LinkedHashMap<>();
        mappedColumns.forEach(
                (option, column) -> columnOwners.put(column.toLowerCase(Locale.ROOT), "option " + option));
        Map<String, AttributeColumn> byAttribute = new LinkedHashMap<>();
        List<AttributeColumn> entries = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String raw : value.split("##")) {
                if (raw.isBlank()) {
                    continue;
                }
                AttributeColumn entry = entry(raw.trim());
                AttributeColumn earlier = byAttribute.putIfAbsent(entry.attribute(), entry);
                if (earlier != null) {
                    throw invalid(
                            entry, "the attribute '" + entry.attribute() + "' is already mapped by '" + earlier + "'");
                }
                String owner = columnOwners.putIfAbsent(entry.column().toLowerCase(Locale.ROOT), "'" + entry + "'");
                if (owner != null) {
                    throw invalid(entry, "the column '" + entry.column() + "' is already mapped by " + owner);
                }
                entries.add(entry);
            }
        }
        return new AttributeColumns(entries);
    }

    private static AttributeColumn entry(String raw) {
        int equals = raw.indexOf('=');
        if (equals <= 0 || equals != raw.lastIndexOf('=') || equals == raw.length() - 1) {
            throw new InvalidConfigException(
                    "Attribute columns: '" + raw + "' is not an entry of the form attribute=column" + EXAMPLE + ".");
        }
        String attribute = raw.substring(0, equals).trim();
        String column = raw.substring(equals + 1).trim();
        AttributeColumn entry = new AttributeColumn(attribute, column);
        if (!ATTRIBUTE_NAME.matcher(attribute).matches()) {
            throw invalid(
                    entry,
                    "'" + attribute + "' is not an attribute name (a letter, then letters, digits, '_', '.' or '-'; at "
                            + "most 63 characters)");
        }
        if (RESERVED.contains(attribute.toLowerCase(Locale.ROOT))) {
            throw invalid(
                    entry,
                    "'" + attribute + "' is reserved: Keycloak's own profile properties and app_user_id come from the "
                            + "column options, not from attribute columns");
        }
        if (!SqlIdentifiers.isColumnName(column)) {
            throw invalid(entry, "'" + column + "' is not a plain SQL identifier (letters, digits, underscores)");
        }
        return entry;
    }

    private static InvalidConfigException invalid(AttributeColumn entry, String reason) {
        return new InvalidConfigException("Attribute columns: entry '" + entry + "': " + reason + ".");
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The column of {@code attribute}, if it is one of these. */
    public Optional<String> column(String attribute) {
        if (attribute == null) {
            return Optional.empty();
        }
        return entries.stream()
                .filter(e -> e.attribute().equals(attribute))
                .map(AttributeColumn::column)
                .findFirst();
    }

    public boolean maps(String attribute) {
        return column(attribute).isPresent();
    }

    /** The attribute names, in configuration order. */
    public List<String> attributes() {
        return entries.stream().map(AttributeColumn::attribute).toList();
    }

    /** The columns, in configuration order. */
    public List<String> columns() {
        return entries.stream().map(AttributeColumn::column).toList();
    }
}
