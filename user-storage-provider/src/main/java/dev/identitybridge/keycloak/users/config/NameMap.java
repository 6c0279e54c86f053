package dev.identitybridge.keycloak.users.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the names an app stores map to Keycloak's (options {@code roleNameMap}, {@code groupNameMap}: entries
 * {@code app-name=keycloak-name}). A name without an entry is used as it is. Immutable; entries keep their order.
 */
public record NameMap(Map<String, String> appToKeycloak) {

    public static final NameMap EMPTY = new NameMap(Map.of());

    public NameMap {
        appToKeycloak = Collections.unmodifiableMap(new LinkedHashMap<>(appToKeycloak));
    }

    /**
     * Parses {@code app=keycloak} entries. Values may also arrive joined by {@code ##} (Keycloak's delimiter of
     * multivalued strings in some forms); blank entries are skipped.
     *
     * @param option the option's key, for messages
     * @throws InvalidConfigException on an entry without {@code =}, with an empty side, or an app name given twice
     */
    public static NameMap parse(String option, List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : entries == null ? List.<String>of() : entries) {
            for (String entry : value == null ? new String[0] : value.split("##")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                String app = eq < 0 ? "" : entry.substring(0, eq).trim();
                String keycloak = eq < 0 ? "" : entry.substring(eq + 1).trim();
                if (app.isEmpty() || keycloak.isEmpty()) {
                    throw new InvalidConfigException(
                            option + ": '" + entry.trim() + "' is not an entry of the form app-name=keycloak-name.");
                }
                if (map.putIfAbsent(app, keycloak) != null) {
                    throw new InvalidConfigException(option + ": the app name '" + app + "' is mapped twice.");
                }
            }
        }
        return map.isEmpty() ? EMPTY : new NameMap(map);
    }

    /** The Keycloak name of an app name: its entry's, or the app name itself. */
    public String keycloakName(String appName) {
        return appToKeycloak.getOrDefault(appName, appName);
    }

    /**
     * Every app name that stands for {@code keycloakName}: the names mapped to it, in entry order, then the Keycloak
     * name itself unless an entry maps it elsewhere. The first one is what Keycloak writes.
     */
    public List<String> appNames(String keycloakName) {
        List<String> names = new ArrayList<>();
        appToKeycloak.forEach((app, keycloak) -> {
            if (keycloak.equals(keycloakName)) {
                names.add(app);
            }
        });
        if (!appToKeycloak.containsKey(keycloakName) && !names.contains(keycloakName)) {
            names.add(keycloakName);
        }
        return names;
    }

    /** The Keycloak names the map sends app names to. */
    public Set<String> targets() {
        return Set.copyOf(appToKeycloak.values());
    }
}
