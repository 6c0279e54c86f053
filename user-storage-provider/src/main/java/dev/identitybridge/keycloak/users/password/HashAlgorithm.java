package dev.identitybridge.keycloak.users.password;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The password hash algorithms Identity Bridge can write (it verifies more, see {@link HashFormat}). The values in
 * the component configuration are the lower-case {@linkplain #configValue() config values}.
 */
public enum HashAlgorithm {
    /** Argon2id, PHC string {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} as libargon2 / argon2-cffi / PHP write. */
    ARGON2ID("argon2id", HashFormat.ARGON2ID),
    /** bcrypt, {@code $2b$cc$...} as OpenBSD, PHP and Python's {@code bcrypt} write. */
    BCRYPT("bcrypt", HashFormat.BCRYPT),
    /** PBKDF2-HMAC-SHA256 in passlib's notation {@code $pbkdf2-sha256$rounds$salt$hash}. */
    PBKDF2_SHA256("pbkdf2-sha256", HashFormat.PBKDF2_SHA256),
    /** PBKDF2-HMAC-SHA512 in passlib's notation {@code $pbkdf2-sha512$rounds$salt$hash}. */
    PBKDF2_SHA512("pbkdf2-sha512", HashFormat.PBKDF2_SHA512);

    private final String configValue;
    private final HashFormat format;

    HashAlgorithm(String configValue, HashFormat format) {
        this.configValue = configValue;
        this.format = format;
    }

    /** The value naming this algorithm in the configuration, e.g. {@code pbkdf2-sha256}. */
    public String configValue() {
        return configValue;
    }

    /** The format the verifier detects for hashes this algorithm writes. */
    HashFormat format() {
        return format;
    }

    /**
     * The algorithm a configuration value names, ignoring case and surrounding whitespace.
     *
     * @throws IllegalArgumentException when the value names none; the message lists the allowed values
     */
    public static HashAlgorithm fromConfig(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.configValue.equals(wanted)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("Unknown password hash algorithm '" + (value == null ? "" : value.strip())
                + "'; allowed values: " + allowedValues());
    }

    private static String allowedValues() {
        return Arrays.stream(values()).map(HashAlgorithm::configValue).collect(Collectors.joining(", "));
    }
}
