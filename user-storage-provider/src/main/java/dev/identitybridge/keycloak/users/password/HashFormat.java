package dev.identitybridge.keycloak.users.password;

/**
 * The password hash formats {@link PasswordHashVerifier} recognises, told apart by the stored string alone.
 *
 * <p>{@link #legacy()} formats are cheap to brute-force for anyone holding a copy of the table (a single salted
 * digest, or SHA-crypt at its usual round counts); they are only verified when legacy hashes are explicitly allowed.
 */
public enum HashFormat {
    /** bcrypt, {@code $2a$}, {@code $2b$} and {@code $2y$} variants. */
    BCRYPT(false),
    /** Argon2id in PHC string form ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}). */
    ARGON2ID(false),
    /** Argon2i in PHC string form ({@code $argon2i$v=19$m=..,t=..,p=..$salt$hash}). */
    ARGON2I(false),
    /** PBKDF2-HMAC-SHA256 (Django, passlib modular, PHC and Werkzeug notations). */
    PBKDF2_SHA256(false),
    /** PBKDF2-HMAC-SHA512 (passlib modular, PHC and Werkzeug notations). */
    PBKDF2_SHA512(false),
    /** PBKDF2-HMAC-SHA1 (Django, passlib modular, PHC and Werkzeug notations). */
    PBKDF2_SHA1(false),
    /** LDAP / Dovecot {@code {SSHA256}base64(sha256(password || salt) || salt)}. */
    SALTED_SHA256(true),
    /** LDAP / Dovecot {@code {SSHA512}base64(sha512(password || salt) || salt)}. */
    SALTED_SHA512(true),
    /** SHA-crypt with SHA-256 ({@code $5$[rounds=N$]salt$hash}, glibc {@code crypt(3)}). */
    SHA256_CRYPT(true),
    /** SHA-crypt with SHA-512 ({@code $6$[rounds=N$]salt$hash}, glibc {@code crypt(3)}). */
    SHA512_CRYPT(true);

    private final boolean legacy;

    HashFormat(boolean legacy) {
        this.legacy = legacy;
    }

    /** Whether this format is only verified when legacy hashes are allowed. */
    public boolean legacy() {
        return legacy;
    }
}
