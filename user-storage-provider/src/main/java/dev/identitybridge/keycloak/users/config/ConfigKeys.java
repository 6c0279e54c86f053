package dev.identitybridge.keycloak.users.config;

/**
 * Component configuration keys of the {@code external-users} provider. They appear in realm exports,
 * so they are a public API: never rename one without a migration note.
 */
public final class ConfigKeys {

    public static final String DATASOURCE = "datasource";
    public static final String JDBC_URL = "jdbcUrl";
    public static final String DB_USER = "dbUser";
    public static final String DB_PASSWORD = "dbPassword";
    public static final String POOL_MIN_SIZE = "poolMinSize";
    public static final String POOL_MAX_SIZE = "poolMaxSize";
    public static final String POOL_ACQUISITION_TIMEOUT_MS = "poolAcquisitionTimeoutMs";

    public static final String TABLE = "table";
    public static final String COLUMN_ID = "columnId";
    public static final String COLUMN_USERNAME = "columnUsername";
    public static final String COLUMN_EMAIL = "columnEmail";
    public static final String COLUMN_EMAIL_VERIFIED = "columnEmailVerified";
    public static final String COLUMN_FIRST_NAME = "columnFirstName";
    public static final String COLUMN_LAST_NAME = "columnLastName";
    public static final String COLUMN_ENABLED = "columnEnabled";
    public static final String COLUMN_PASSWORD_HASH = "columnPasswordHash";
    public static final String COLUMN_AUTH_ID = "columnAuthId";
    public static final String COLUMN_CREATED_AT = "columnCreatedAt";
    public static final String COLUMN_UPDATED_AT = "columnUpdatedAt";
    /** Multivalued: {@code attribute=column} entries, further columns exposed as user attributes. */
    public static final String ATTRIBUTE_COLUMNS = "attributeColumns";

    public static final String ALLOW_LEGACY_HASHES = "allowLegacyHashes";
    public static final String APP_VERIFIES_EMAILS = "appVerifiesEmails";

    public static final String EDIT_MODE = "editMode";
    public static final String SYNC_REGISTRATIONS = "syncRegistrations";
    public static final String ID_GENERATION = "idGeneration";
    public static final String ON_DELETE = "onDelete";
    public static final String PASSWORD_HASH_ALGORITHM = "passwordHashAlgorithm";
    public static final String ARGON2_MEMORY_KIB = "argon2MemoryKib";
    public static final String ARGON2_ITERATIONS = "argon2Iterations";
    public static final String ARGON2_PARALLELISM = "argon2Parallelism";
    public static final String BCRYPT_COST = "bcryptCost";
    public static final String PBKDF2_ITERATIONS = "pbkdf2Iterations";
    public static final String REHASH_ON_LOGIN = "rehashOnLogin";

    // roles and groups from join tables (see MembershipKind, which derives the same names)
    public static final String ROLE_TABLE = "roleTable";
    public static final String ROLE_USER_COLUMN = "roleUserColumn";
    public static final String ROLE_NAME_COLUMN = "roleNameColumn";
    public static final String ROLE_CLIENT = "roleClient";
    public static final String ROLE_NAME_MAP = "roleNameMap";
    public static final String CREATE_MISSING_ROLES = "createMissingRoles";
    public static final String ROLE_MODE = "roleMode";
    public static final String GROUP_TABLE = "groupTable";
    public static final String GROUP_USER_COLUMN = "groupUserColumn";
    public static final String GROUP_NAME_COLUMN = "groupNameColumn";
    public static final String GROUP_NAME_MAP = "groupNameMap";
    public static final String CREATE_MISSING_GROUPS = "createMissingGroups";
    public static final String GROUP_MODE = "groupMode";

    private ConfigKeys() {}
}
