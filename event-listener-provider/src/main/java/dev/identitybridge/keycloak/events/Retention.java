package dev.identitybridge.keycloak.events;

import java.util.Arrays;

/** What happens to a row once it is written. */
public enum Retention {

    /** Rows stay for the retention period; a cluster-aware task deletes older ones. */
    KEEP("keep"),
    /** Each row is deleted in the same transaction, right after its insert: a log-based relay (Debezium) still reads the insert. */
    DELETE_AFTER_INSERT("delete-after-insert");

    private final String option;

    Retention(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static Retention parse(String value) {
        return Arrays.stream(values())
                .filter(r -> r.option.equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("must be 'keep' or 'delete-after-insert', not '" + value + "'"));
    }
}
