package dev.identitybridge.keycloak.events;

import java.util.Arrays;

/** Payload fields that carry personal data: written only for realms that opt in. */
public enum PersonalData {
    EMAIL("email"),
    USERNAME("username"),
    IP_ADDRESS("ip-address");

    private final String option;

    PersonalData(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static PersonalData parse(String value) {
        return Arrays.stream(values())
                .filter(p -> p.option.equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "must be one of email, username, ip-address, not '" + value + "'"));
    }
}
