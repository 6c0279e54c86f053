package dev.identitybridge.keycloak.users.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The server option {@code metrics-enabled} of each Identity Bridge provider ({@code spi-storage--external-users--},
 * {@code spi-realm-restapi-extension--identity--}, {@code spi-events-listener--outbox--}): whether its
 * {@code identity_bridge_*} meters go to Keycloak's registry (default) or nowhere. Keycloak's own metrics
 * ({@code --metrics-enabled}) are not affected; with those off, every meter is a no-op anyway.
 */
public final class MetricsSwitch {

    public static final String OPTION = "metrics-enabled";

    private MetricsSwitch() {}

    /** The registry of a provider whose SPI options are {@code option}: see {@link #registry(boolean)}. */
    public static MeterRegistry registry(UnaryOperator<String> option) {
        return registry(enabled(option));
    }

    /**
     * The registry a provider's meters are registered in: Keycloak's (Micrometer's global registry) or, when not
     * enabled, an empty composite registry whose meters record nothing.
     */
    public static MeterRegistry registry(boolean enabled) {
        return enabled ? Metrics.globalRegistry : new CompositeMeterRegistry();
    }

    /**
     * @param option the provider's SPI options by name
     * @throws IllegalArgumentException for a value other than {@code true} or {@code false}, naming the option
     */
    public static boolean enabled(UnaryOperator<String> option) {
        return enabled(option.apply(OPTION));
    }

    static boolean enabled(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(
                        "Invalid option " + OPTION + ": '" + value + "' is neither true nor false");
        };
    }

    /** The option's description for a factory's {@code getConfigMetadata()}. */
    public static ProviderConfigProperty property() {
        ProviderConfigProperty property = new ProviderConfigProperty();
        property.setName(OPTION);
        property.setType(ProviderConfigProperty.BOOLEAN_TYPE);
        property.setDefaultValue(true);
        property.setHelpText("Record this provider's identity_bridge_* meters in Keycloak's metrics (when Keycloak's "
                + "--metrics-enabled is on); false leaves them out");
        return property;
    }
}
