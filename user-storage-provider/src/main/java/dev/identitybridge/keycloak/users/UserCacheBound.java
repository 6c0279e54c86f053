package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.component.ComponentModel;
import org.keycloak.storage.CacheableStorageProviderModel;
import org.keycloak.storage.CacheableStorageProviderModel.CachePolicy;

/**
 * The longest an app user may stay in Keycloak's user cache, and so how long a user disabled in (or deleted from)
 * the app table can still refresh tokens or pass an SSO cookie check: Keycloak re-reads a cached federated user only
 * when its component's cache policy says so ({@link CacheableStorageProviderModel#shouldInvalidate}), and the
 * policy DEFAULT never does. An operator-owned server option ({@value #OPTION}, default {@link #DEFAULT}); a realm
 * admin may choose a shorter lifespan or no cache, never a longer one.
 */
public record UserCacheBound(Duration maxAge) {

    /** SPI option of the factory: {@code --spi-storage--external-users--user-cache-max-age=60s}. */
    public static final String OPTION = "user-cache-max-age";

    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    public UserCacheBound {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(OPTION + " must be positive");
        }
    }

    /** Parses the option: {@code 500ms}, {@code 5s}, {@code 2m}, or seconds without a unit; {@code null}/blank: the default. */
    public static UserCacheBound parse(String option) {
        if (option == null || option.isBlank()) {
            return new UserCacheBound(DEFAULT);
        }
        Matcher m = AMOUNT.matcher(option.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(
                    "Invalid " + OPTION + " '" + option + "': a positive amount such as 60s, 2m or 500ms");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return new UserCacheBound(
                switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                });
    }

    /**
     * Brings a component's cache settings within the bound, in place, before Keycloak stores them: DEFAULT (no
     * choice made) becomes MAX_LIFESPAN with the bound; NO_CACHE and a MAX_LIFESPAN within the bound are kept.
     *
     * @return a description of the change, if one was made
     * @throws InvalidConfigException for an explicit choice beyond the bound (EVICT_DAILY, EVICT_WEEKLY, a longer MAX_LIFESPAN)
     */
    public Optional<String> apply(ComponentModel model) {
        CachePolicy policy = policyOf(model);
        long bound = maxAge.toMillis();
        switch (policy) {
            case NO_CACHE -> {
                return Optional.empty();
            }
            case MAX_LIFESPAN -> {
                long lifespan = lifespanOf(model);
                if (lifespan > 0 && lifespan <= bound) {
                    return Optional.empty();
                }
                throw new InvalidConfigException(
                        "Max lifespan " + lifespan + " ms is beyond this server's bound for app users ("
                                + bound
                                + " ms, set by the operator): a user disabled in the app table must lose access within it. "
                                + "Choose at most " + bound + " ms, or NO_CACHE.");
            }
            case DEFAULT -> {
                model.getConfig()
                        .putSingle(CacheableStorageProviderModel.CACHE_POLICY, CachePolicy.MAX_LIFESPAN.name());
                model.getConfig().putSingle(CacheableStorageProviderModel.MAX_LIFESPAN, Long.toString(bound));
                return Optional.of("cache policy DEFAULT stored as MAX_LIFESPAN " + bound + " ms");
            }
            default ->
                throw new InvalidConfigException("Cache policy " + policy + " keeps app users cached for up to a "
                        + (policy == CachePolicy.EVICT_WEEKLY ? "week" : "day") + "; this server bounds it at " + bound
                        + " ms (set by the operator), so that a user disabled in the app table loses access within it. "
                        + "Choose MAX_LIFESPAN of at most " + bound + " ms, DEFAULT, or NO_CACHE.");
        }
    }

    /** Whether a component stored earlier (without {@link #apply}) can keep users cached beyond the bound. */
    public boolean exceededBy(ComponentModel model) {
        try {
            CachePolicy policy = policyOf(model);
            long lifespan = lifespanOf(model);
            return policy != CachePolicy.NO_CACHE
                    && (policy != CachePolicy.MAX_LIFESPAN || lifespan <= 0 || lifespan > maxAge.toMillis());
        } catch (InvalidConfigException e) {
            return true;
        }
    }

    private static long lifespanOf(ComponentModel model) {
        String lifespan = model.getConfig().getFirst(CacheableStorageProviderModel.MAX_LIFESPAN);
        try {
            return lifespan == null ? -1 : Long.parseLong(lifespan.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("Max lifespan '" + lifespan + "' is not a number of milliseconds.");
        }
    }

    private static CachePolicy policyOf(ComponentModel model) {
        String policy = model.getConfig().getFirst(CacheableStorageProviderModel.CACHE_POLICY);
        if (policy == null || policy.isBlank()) {
            return CachePolicy.DEFAULT;
        }
        try {
            return CachePolicy.valueOf(policy.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Unknown cache policy '" + policy + "'.");
        }
    }
}
