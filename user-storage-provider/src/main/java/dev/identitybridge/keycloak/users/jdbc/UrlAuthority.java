package dev.identitybridge.keycloak.users.jdbc;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code host[:port]} of a network JDBC URL, checked: one host (name, IPv4 or bracketed IPv6), no
 * {@code user:password@}, no key-value or {@code address=(…)} host forms, a port between 1 and 65535.
 *
 * @param host lower-cased host (IPv6 without brackets)
 * @param port the port the URL names, empty when it names none
 */
record UrlAuthority(String host, OptionalInt port) {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]{2,45})]");
    private static final Pattern AUTHORITY =
            Pattern.compile("(" + HOST_NAME.pattern() + "|" + IPV6.pattern() + ")(?::(\\d{1,5}))?");

    /**
     * Parses and checks {@code authority}.
     *
     * @throws dev.identitybridge.keycloak.users.config.InvalidConfigException with an admin-readable message
     */
    static UrlAuthority parse(String authority) {
        if (authority.contains("@")) {
            throw JdbcUrl.refused("credentials in the URL (user:password@) are not accepted: use the Database user and "
                    + "Database password fields");
        }
        if (authority.contains("(") || authority.toLowerCase(Locale.ROOT).startsWith("address=")) {
            throw JdbcUrl.refused(
                    "key-value host forms ((host=…,…) and address=(…)) are not accepted: use //host:port/database");
        }
        if (authority.contains(",")) {
            throw JdbcUrl.refused("one host only: multi-host URLs are not accepted");
        }
        Matcher matcher = AUTHORITY.matcher(authority);
        if (!matcher.matches()) {
            throw JdbcUrl.refused(
                    "the host must be a host name, an IPv4 address or a bracketed IPv6 address, optionally "
                            + "followed by :port");
        }
        OptionalInt port = OptionalInt.empty();
        if (matcher.group(3) != null) {
            port = OptionalInt.of(Integer.parseInt(matcher.group(3)));
            if (port.getAsInt() < 1 || port.getAsInt() > 65535) {
                throw JdbcUrl.refused("the port must be between 1 and 65535");
            }
        }
        String ipv6 = matcher.group(2);
        return new UrlAuthority((ipv6 != null ? ipv6 : matcher.group(1)).toLowerCase(Locale.ROOT), port);
    }

    /** The port, or {@code defaultPort} when the URL names none. */
    int portOr(int defaultPort) {
        return port.orElse(defaultPort);
    }
}
