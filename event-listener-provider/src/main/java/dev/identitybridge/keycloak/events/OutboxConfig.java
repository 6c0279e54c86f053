package dev.identitybridge.keycloak.events;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The listener's SPI options ({@code spi-events-listener--outbox--<option>}), parsed once when Keycloak starts.
 *
 * @param types              row types written (after includes, excludes and the admin-events switch)
 * @param personalData       personal-data fields written for the realms in {@code personalDataRealms}
 * @param personalDataRealms realm names that opted in; empty means every realm
 * @param retention          what happens to rows after the insert
 * @param retentionPeriod    with {@link Retention#KEEP}: how long rows stay
 * @param cleanupInterval    with {@link Retention#KEEP}: how often the cleanup task runs (once per cluster)
 * @param excludedClients    events caused by these clients (or their service accounts) are not written: entries
 *                           {@code clientId} (any realm) or {@code realm/clientId}
 * @param synchronousCommit  a transaction whose only writes are outbox rows always waits for the database's log flush;
 *                           false: it commits as Keycloak commits its own event rows ({@link AsyncCommit})
 */
public record OutboxConfig(
        Set<OutboxType> types,
        Set<PersonalData> personalData,
        Set<String> personalDataRealms,
        Retention retention,
        Duration retentionPeriod,
        Duration cleanupInterval,
        Set<String> excludedClients,
        boolean synchronousCommit) {

    public static final String INCLUDE_TYPES = "include-types";
    public static final String EXCLUDE_TYPES = "exclude-types";
    public static final String ADMIN_EVENTS = "admin-events";
    public static final String PERSONAL_DATA = "personal-data";
    public static final String PERSONAL_DATA_REALMS = "personal-data-realms";
    public static final String RETENTION = "retention";
    public static final String RETENTION_PERIOD = "retention-period";
    public static final String CLEANUP_INTERVAL = "cleanup-interval";
    public static final String EXCLUDE_CLIENTS = "exclude-clients";
    public static final String SYNCHRONOUS_COMMIT = "synchronous-commit";

    public static final String DEFAULT_RETENTION_PERIOD = "7d";
    public static final String DEFAULT_CLEANUP_INTERVAL = "15m";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    public OutboxConfig {
        types = Collections.unmodifiableSet(types.isEmpty() ? EnumSet.noneOf(OutboxType.class) : EnumSet.copyOf(types));
        personalData = Collections.unmodifiableSet(
                personalData.isEmpty() ? EnumSet.noneOf(PersonalData.class) : EnumSet.copyOf(personalData));
        personalDataRealms = Set.copyOf(personalDataRealms);
        excludedClients = Set.copyOf(excludedClients);
    }

    /** The configuration with every option at its default. */
    public static OutboxConfig defaults() {
        return parse(option -> null);
    }

    /**
     * Parses the options; {@code option} returns an option's raw value or null when it is not set.
     *
     * @throws IllegalArgumentException naming the option, for a value that cannot be used
     */
    public static OutboxConfig parse(Function<String, String> option) {
        boolean adminEvents = Boolean.parseBoolean(value(option, ADMIN_EVENTS, "false"));
        Set<OutboxType> types = EnumSet.noneOf(OutboxType.class);
        String include = option.apply(INCLUDE_TYPES);
        if (include == null || include.isBlank()) {
            Arrays.stream(OutboxType.values()).filter(OutboxType::isDefault).forEach(types::add);
        } else {
            types.addAll(parseList(INCLUDE_TYPES, include, OutboxType::parse));
        }
        types.removeAll(parseList(EXCLUDE_TYPES, value(option, EXCLUDE_TYPES, ""), OutboxType::parse));
        if (!adminEvents) {
            types.removeIf(OutboxType::isAdminType);
        }
        Set<PersonalData> personalData =
                parseList(PERSONAL_DATA, value(option, PERSONAL_DATA, ""), PersonalData::parse);
        Set<String> realms = parseList(PERSONAL_DATA_REALMS, value(option, PERSONAL_DATA_REALMS, "*"), String::trim);
        if (realms.contains("*")) {
            realms = Set.of();
        }
        Retention retention = parse(RETENTION, value(option, RETENTION, Retention.KEEP.option()), Retention::parse);
        Duration period = parse(
                RETENTION_PERIOD, value(option, RETENTION_PERIOD, DEFAULT_RETENTION_PERIOD), OutboxConfig::duration);
        Duration interval = parse(
                CLEANUP_INTERVAL, value(option, CLEANUP_INTERVAL, DEFAULT_CLEANUP_INTERVAL), OutboxConfig::duration);
        if (interval.toMillis() < 1000) {
            throw invalid(CLEANUP_INTERVAL, "must be at least 1s");
        }
        Set<String> excludedClients =
                parseList(EXCLUDE_CLIENTS, value(option, EXCLUDE_CLIENTS, ""), OutboxConfig::clientEntry);
        boolean synchronousCommit =
                parse(SYNCHRONOUS_COMMIT, value(option, SYNCHRONOUS_COMMIT, "false"), OutboxConfig::bool);
        return new OutboxConfig(
                types, personalData, realms, retention, period, interval, excludedClients, synchronousCommit);
    }

    public boolean writes(OutboxType type) {
        return types.contains(type);
    }

    /**
     * Whether an event caused by {@code clientId} in the realm named {@code realmName} is dropped (option
     * {@code exclude-clients}); events without a client are never dropped.
     */
    public boolean excludes(String realmName, String clientId) {
        return clientId != null
                && !excludedClients.isEmpty()
                && (excludedClients.contains(clientId) || excludedClients.contains(realmName + "/" + clientId));
    }

    /** {@code true} or {@code false}, nothing else (a typo must not silently mean false). */
    static Boolean bool(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        return Boolean.valueOf(value);
    }

    /** {@code clientId} or {@code realm/clientId}: neither part empty, at most one slash. */
    static String clientEntry(String entry) {
        String[] parts = entry.split("/", -1);
        if (parts.length > 2 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("'" + entry + "' is not a client id or realm/clientId");
        }
        return entry;
    }

    /** Whether {@code field} goes into rows of the realm named {@code realmName}. */
    public boolean includes(PersonalData field, String realmName) {
        return personalData.contains(field) && (personalDataRealms.isEmpty() || personalDataRealms.contains(realmName));
    }

    /** {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 500ms}, a bare number of seconds, or ISO-8601 ({@code PT1H}). */
    static Duration duration(String text) {
        String value = text.trim();
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value.toUpperCase());
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 30s, 15m, 2h, 7d)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String value(Function<String, String> option, String name, String defaultValue) {
        String value = option.apply(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static <T> Set<T> parseList(String name, String value, Function<String, T> parser) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .map(item -> parse(name, item, parser))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static <T> T parse(String name, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw invalid(name, e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String name, String reason) {
        return new IllegalArgumentException("Invalid option spi-events-listener--outbox--" + name + ": " + reason);
    }
}
