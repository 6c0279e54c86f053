package dev.identitybridge.keycloak.users.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The component's role and group join tables (either, both or none), parsed once with the rest of its configuration.
 * A kind is mapped when its table option is set; its columns then default to the reference schema's
 * ({@code user_id}, {@code role_name} / {@code group_name}). Immutable.
 */
public record Memberships(Optional<MembershipMapping> roles, Optional<MembershipMapping> groups) {

    public static final Memberships NONE = new Memberships(Optional.empty(), Optional.empty());
    public static final String DEFAULT_USER_COLUMN = "user_id";

    /** @throws InvalidConfigException with an admin-readable message */
    public static Memberships parse(Map<String, List<String>> config) {
        return new Memberships(mapping(MembershipKind.ROLE, config), mapping(MembershipKind.GROUP, config));
    }

    public Optional<MembershipMapping> of(MembershipKind kind) {
        return kind == MembershipKind.ROLE ? roles : groups;
    }

    /** The mapped kinds, roles first. */
    public Stream<MembershipMapping> mapped() {
        return Stream.concat(roles.stream(), groups.stream());
    }

    public boolean any() {
        return roles.isPresent() || groups.isPresent();
    }

    private static Optional<MembershipMapping> mapping(MembershipKind kind, Map<String, List<String>> config) {
        Optional<String> table = first(config, kind.tableKey()).filter(t -> !t.equals(ExternalUsersConfig.NOT_MAPPED));
        if (table.isEmpty()) {
            return Optional.empty();
        }
        if (!SqlIdentifiers.isTableName(table.get())) {
            throw new InvalidConfigException(kind.tableKey() + ": '" + table.get()
                    + "' is not a plain SQL identifier (letters, digits, underscores; optionally schema.table).");
        }
        JoinTable joinTable = new JoinTable(
                table.get(),
                column(config, kind.userColumnKey(), DEFAULT_USER_COLUMN),
                column(config, kind.nameColumnKey(), kind.defaultNameColumn()));
        if (joinTable.userColumn().equalsIgnoreCase(joinTable.nameColumn())) {
            throw new InvalidConfigException(kind.userColumnKey() + " and " + kind.nameColumnKey()
                    + " must name two different columns of '" + table.get() + "'.");
        }
        Optional<String> client =
                kind == MembershipKind.ROLE ? first(config, ConfigKeys.ROLE_CLIENT) : Optional.empty();
        return Optional.of(new MembershipMapping(
                kind,
                joinTable,
                client,
                NameMap.parse(kind.nameMapKey(), config.get(kind.nameMapKey())),
                first(config, kind.createMissingKey())
                        .map(Boolean::parseBoolean)
                        .orElse(false),
                mode(kind, config)));
    }

    private static JoinMode mode(MembershipKind kind, Map<String, List<String>> config) {
        Optional<String> value = first(config, kind.modeKey());
        if (value.isEmpty()) {
            return JoinMode.READ_ONLY;
        }
        try {
            return JoinMode.valueOf(value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    kind.modeKey() + " must be READ_ONLY or WRITABLE (it is '" + value.get() + "').");
        }
    }

    private static String column(Map<String, List<String>> config, String key, String defaultName) {
        String name = first(config, key).orElse(defaultName);
        if (!SqlIdentifiers.isColumnName(name)) {
            throw new InvalidConfigException(
                    key + ": '" + name + "' is not a plain SQL identifier (letters, digits, underscores).");
        }
        return name;
    }

    private static Optional<String> first(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        if (values == null || values.isEmpty() || values.get(0) == null) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
