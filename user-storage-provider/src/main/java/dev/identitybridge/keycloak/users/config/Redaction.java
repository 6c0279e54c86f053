package dev.identitybridge.keycloak.users.config;

import java.util.regex.Pattern;

/**
 * Removes credentials from JDBC URLs and from driver messages before they are logged, whatever form the drivers
 * accept them in: {@code //user:password@host}, {@code user=}/{@code password=} parameters after {@code ?},
 * {@code &} or {@code ;} (H2 {@code ;PASSWORD=}), MySQL/MariaDB key-value hosts {@code (host=…,user=…,password=…)}
 * and {@code address=(host=…)(password=…)}, quoted values included.
 */
public final class Redaction {

    public static final String MASK = "***";

    /** {@code //anything@} up to the last {@code @} of the authority. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#\\s]*@");
    /** A credential-like key and its value (quoted, or up to the next separator). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|user|username|credential|key|token)[A-Za-z0-9_.-]*)"
                    + "(\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^&;,)(\\s]*)");

    private Redaction() {}

    /** Credentials masked; the rest of the text unchanged. For driver messages and any text that may hold a URL. */
    public static String secrets(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("//" + MASK + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1$2" + MASK);
    }

    /**
     * A JDBC URL safe to log: credentials masked, and every parameter after the first {@code ?} or {@code ;} left
     * out (a driver may read a secret from a parameter we do not know).
     */
    public static String jdbcUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = secrets(url);
        int end = masked.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = masked.indexOf(separator);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end < masked.length() ? masked.substring(0, end) + "?…" : masked;
    }
}
