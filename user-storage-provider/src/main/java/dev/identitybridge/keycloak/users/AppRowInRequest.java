package dev.identitybridge.keycloak.users;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One app user as one request sees it: the row as read (or, for a user created in this request, nothing yet),
 * plus the changes not yet written. Every adapter of the user in the request shares it, so a change made
 * through one is seen by all. Not thread-safe (a Keycloak session is used by one thread).
 */
final class AppRowInRequest {

    private final String id;
    private final AppRow stored;
    private final long createdTimestamp;
    private final Map<ProfileField, Object> changes = new EnumMap<>(ProfileField.class);
    /** Changed attribute-column values by attribute name ({@code null}: emptied), in the order they were made. */
    private final Map<String, String> attributeChanges = new LinkedHashMap<>();

    private boolean passwordChanged;
    private String newPasswordHash;
    private boolean removed;
    private String linkedAuthId;

    private AppRowInRequest(String id, AppRow stored, long createdTimestamp) {
        this.id = id;
        this.stored = stored;
        this.createdTimestamp = createdTimestamp;
    }

    static AppRowInRequest stored(AppRow row) {
        return new AppRowInRequest(row.id(), row, row.createdTimestamp() == null ? 0 : row.createdTimestamp());
    }

    /** A user created in this request: {@link #defaults}, nothing else set yet. */
    static AppRowInRequest created(String id, String username, long now) {
        AppRowInRequest row = new AppRowInRequest(id, null, now);
        row.changes.putAll(defaults(username));
        return row;
    }

    /** The values every new app row starts with: its username, enabled, email not verified (in this order). */
    static Map<ProfileField, Object> defaults(String username) {
        Map<ProfileField, Object> defaults = new LinkedHashMap<>();
        defaults.put(ProfileField.USERNAME, username);
        defaults.put(ProfileField.ENABLED, Boolean.TRUE);
        defaults.put(ProfileField.EMAIL_VERIFIED, Boolean.FALSE);
        return defaults;
    }

    String id() {
        return id;
    }

    boolean isNew() {
        return stored == null;
    }

    Object value(ProfileField field) {
        if (changes.containsKey(field)) {
            return changes.get(field);
        }
        return stored == null ? null : field.valueOf(stored);
    }

    Long createdTimestamp() {
        return stored != null ? stored.createdTimestamp() : Long.valueOf(createdTimestamp);
    }

    /** @return whether this is a change (setting the current value is not) */
    boolean set(ProfileField field, Object value) {
        Object normalised = field.normalise(value);
        if (Objects.equals(value(field), normalised)) {
            return false;
        }
        changes.put(field, normalised);
        return true;
    }

    /** The value of an attribute column's attribute as the request sees it ({@code null}: empty). */
    String attribute(String name) {
        if (attributeChanges.containsKey(name)) {
            return attributeChanges.get(name);
        }
        return stored == null ? null : stored.attributes().get(name);
    }

    /**
     * Changes an attribute column's value: trimmed, blank as {@code null}.
     *
     * @return whether this is a change (setting the current value is not)
     */
    boolean setAttribute(String name, String value) {
        String normalised = normaliseAttribute(value);
        if (Objects.equals(attribute(name), normalised)) {
            return false;
        }
        attributeChanges.put(name, normalised);
        return true;
    }

    /** An attribute value as stored: trimmed, blank as {@code null}. */
    static String normaliseAttribute(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Changed (or, for a new user, initial) attribute-column values by attribute name. */
    Map<String, String> attributeChanges() {
        return Collections.unmodifiableMap(attributeChanges);
    }

    /** Changed (or, for a new user, initial) values, in field order. */
    Map<ProfileField, Object> changes() {
        return Collections.unmodifiableMap(changes);
    }

    void setPasswordHash(String hash) {
        passwordChanged = true;
        newPasswordHash = hash;
    }

    /** The hash to store ({@code null} to clear it), when the password changed in this request. */
    Optional<Optional<String>> passwordChange() {
        return passwordChanged ? Optional.of(Optional.ofNullable(newPasswordHash)) : Optional.empty();
    }

    /** Links a new row to a given Keycloak subject instead of its own federated id (provisioning of other users). */
    void linkTo(String authId) {
        linkedAuthId = authId;
    }

    /** The subject a new row is linked to, or {@code null} for its own {@code f:} id. */
    String linkedAuthId() {
        return linkedAuthId;
    }

    void markRemoved() {
        removed = true;
    }

    boolean removed() {
        return removed;
    }

    @Override
    public String toString() {
        return "AppRowInRequest[" + id + (isNew() ? ", new" : "") + ", changed " + changes.keySet()
                + (attributeChanges.isEmpty() ? "" : " " + attributeChanges.keySet())
                + (passwordChanged ? " + password" : "") + "]";
    }
}
