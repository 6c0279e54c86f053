package dev.identitybridge.keycloak.users.password;

import java.util.Optional;

/** One family of password hash formats. Implementations are stateless and thread-safe. */
interface HashScheme {

    /**
     * The format the stored string claims to be in, judged by its prefix only (cheap, no validation of the rest).
     * Empty when this scheme does not recognise it.
     */
    Optional<HashFormat> detect(String storedHash);

    /**
     * Whether the password matches a stored hash that {@link #detect(String)} recognised. Digests are compared in
     * constant time.
     *
     * @param password   the candidate password, UTF-8 encoded; may be wiped by the implementation
     * @param storedHash the stored hash, recognised by {@link #detect(String)}
     * @throws MalformedHashException when the stored hash cannot be used
     */
    boolean matches(byte[] password, String storedHash);

    /**
     * The cost parameters of a stored hash that {@link #detect(String)} recognised, read and validated as strictly
     * as {@link #matches(byte[], String)} does, without computing the hash.
     *
     * @throws MalformedHashException when the stored hash cannot be used
     */
    WorkFactors workFactors(String storedHash);
}
