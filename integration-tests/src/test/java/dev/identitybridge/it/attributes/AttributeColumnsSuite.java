package dev.identitybridge.it.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.AttributeColumnType;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.SqlCondition;
import dev.identitybridge.keycloak.users.jdbc.UserSearchCriteria;
import dev.identitybridge.keycloak.users.jdbc.UserSql;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Attribute columns ({@code attributeColumns}) against a real Keycloak, once per app database: the app's own users
 * table with extra columns (phone, language, age, last login) exposed as user attributes; what the admin API, the
 * account REST API (the account console's) and a token with Keycloak's User Attribute mapper show; Keycloak's exact
 * attribute search ({@code q=}); what each edit mode does with a change; and the configurations refused on save.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttributeColumnsSuite extends DatabaseLegSuite {

    static final List<String> ATTRIBUTE_COLUMNS = List.of("phone_number=phone", "locale=lang", "age=age_years");
    private static final String ALICE_PHONE = "+49 30 1111";

    protected KeycloakServer server;
    protected KeycloakAdmin admin;
    protected OidcClient oidc;
    protected AppDatabase db;
    protected String realm;
    protected String componentId;

    /**
     * Whether the reference schema's {@code phone} column has the index docs/mapping.md names for a search by the phone
     * attribute ({@code ix_users_phone}: PostgreSQL {@code lower(phone)}, MariaDB {@code phone}); H2 has no expression
     * indexes, so none can serve {@code LOWER(phone) = ?} there.
     */
    private boolean phoneIndexed() {
        return !leg().equals("h2");
    }

    @BeforeAll
    void setUp() throws Exception {
        server = KeycloakServer.shared();
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        db = databaseLeg.appDatabase("identity_bridge_it_attributes");
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        db.seedUsers("filler", 500);
        // phone (VARCHAR(40), indexed) is the reference schema's
        db.execute(
                "ALTER TABLE users ADD COLUMN lang VARCHAR(10)",
                "ALTER TABLE users ADD COLUMN age_years INT",
                "ALTER TABLE users ADD COLUMN last_login TIMESTAMP NULL");
        setAttributes("alice", ALICE_PHONE, "de", 42);
        setAttributes("bob", "+49 30 2222", "en", 35);
        setAttributes("carol", "+49 30 3333", "fr", 51);
        setAttributes("dave", "+49 30 4444", "it", 28);
        setAttributes("erin", "+49 30 5555", "es", 60);
        setAttributes("heidi", "+49 30 8888", "nl", 44);
        setAttributes("grace", "+49 30 7777", "pl", 33);
        realm = "it-attrs-" + leg();
        admin.createRealm(realm);
        // locale is Keycloak's own attribute (the user's language), declared and shown when the realm is multilingual
        HttpResponse<String> multilingual = admin.put(
                "/realms/" + realm,
                Map.of(
                        "internationalizationEnabled",
                        true,
                        "supportedLocales",
                        List.of("en", "de", "fr", "it"),
                        "defaultLocale",
                        "en"));
        assertThat(multilingual.statusCode()).as(multilingual.body()).isEqualTo(204);
        componentId = created(admin.post(componentsPath(), component("READ_ONLY", ATTRIBUTE_COLUMNS)));
        addAttributeMapper("phone_number", "phone_number", "String");
        addAttributeMapper("age", "age", "int");
    }

    private void setAttributes(String username, String phone, String lang, int age) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE users SET phone = ?, lang = ?, age_years = ? WHERE username = ?")) {
            ps.setString(1, phone);
            ps.setString(2, lang);
            ps.setInt(3, age);
            ps.setString(4, username);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    // --- reading ---

    @Test
    void theAdminApiShowsTheColumnsAsAttributesReadOnlyInReadOnlyMode() {
        setMode("READ_ONLY");
        JsonNode alice = admin.getJson(userPath("alice") + "?userProfileMetadata=true");

        assertThat(values(alice.get("attributes"), "phone_number")).containsExactly(ALICE_PHONE);
        assertThat(values(alice.get("attributes"), "locale")).containsExactly("de");
        assertThat(values(alice.get("attributes"), "age")).containsExactly("42");
        assertThat(alice.get("attributes").has("phone"))
                .as("the column's name is not an attribute")
                .isFalse();
        JsonNode phone = profileAttribute(alice, "phone_number");
        assertThat(phone.get("readOnly").asBoolean()).isTrue();
        assertThat(phone.get("required").asBoolean()).isFalse();

        JsonNode frank = admin.getJson(userPath("frank"));
        assertThat(frank.path("attributes").has("phone_number"))
                .as("an empty column is no attribute")
                .isFalse();
    }

    @Test
    void theAccountConsoleShowsThemToTheUserWhoCannotChangeThem() throws Exception {
        for (String mode : List.of("READ_ONLY", "WRITABLE")) {
            setMode(mode);
            String token = token("erin");
            JsonNode account = account(token);

            assertThat(values(account.get("attributes"), "phone_number"))
                    .as(mode)
                    .containsExactly("+49 30 5555");
            assertThat(profileAttribute(account, "phone_number").get("readOnly").asBoolean())
                    .as("%s: users never edit them", mode)
                    .isTrue();
            assertThat(profileAttribute(account, "locale").get("readOnly").asBoolean())
                    .as("%s: Keycloak's own locale attribute is the user's to choose where the mode writes", mode)
                    .isEqualTo(mode.equals("READ_ONLY"));

            Map<String, Object> rep = editable(account);
            attributes(rep).put("phone_number", List.of("+1 555 0142"));
            HttpResponse<String> refused = accountUpdate(token, rep);
            assertThat(refused.statusCode()).as("%s: %s", mode, refused.body()).isEqualTo(400);
            assertThat(row("erin")).containsEntry("phone", "+49 30 5555");
        }
        // WRITABLE: the language the user picks is written to the app's column
        String token = token("erin");
        Map<String, Object> rep = editable(account(token));
        attributes(rep).put("locale", List.of("fr"));
        HttpResponse<String> picked = accountUpdate(token, rep);
        assertThat(picked.statusCode()).as(picked.body()).isEqualTo(204);
        assertThat(row("erin")).containsEntry("lang", "fr");
    }

    /** The account representation as the account console posts it back. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> editable(JsonNode account) {
        Map<String, Object> rep = Http.JSON.convertValue(account, Map.class);
        rep.remove("userProfileMetadata");
        return rep;
    }

    @Test
    void aUserAttributeMapperPutsThemIntoTokens() {
        setMode("READ_ONLY");
        HttpResponse<String> login = oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

        JsonNode claims =
                OidcClient.claims(Http.json(login.body()).get("access_token").asText());
        assertThat(claims.get("phone_number").asText()).isEqualTo(ALICE_PHONE);
        assertThat(claims.get("age").isInt()).as("typed by the mapper").isTrue();
        assertThat(claims.get("age").asInt()).isEqualTo(42);
    }

    @Test
    void theValuesAreCachedWithTheUserLikeTheRestOfTheRow() throws Exception {
        setMode("READ_ONLY", "DEFAULT");
        try {
            assertThat(values(admin.getJson(userPath("grace")).get("attributes"), "phone_number"))
                    .containsExactly("+49 30 7777");
            db.execute("UPDATE users SET phone = '+49 30 7000', first_name = 'Gracie' WHERE username = 'grace'");

            JsonNode cached = admin.getJson(userPath("grace"));
            assertThat(cached.get("firstName").asText()).isEqualTo("Grace");
            assertThat(values(cached.get("attributes"), "phone_number"))
                    .as("served from Keycloak's user cache, as the first name is")
                    .containsExactly("+49 30 7777");
        } finally {
            setMode("READ_ONLY");
        }
        assertThat(values(admin.getJson(userPath("grace")).get("attributes"), "phone_number"))
                .as("read from the table again without the cache")
                .containsExactly("+49 30 7000");
    }

    // --- search ---

    @Test
    void keycloaksExactAttributeSearchFindsTheUserByTheColumn() {
        setMode("READ_ONLY");
        String byPhone = "q=" + Http.encode("phone_number:\"" + ALICE_PHONE + "\"");

        JsonNode found = admin.getJson("/realms/" + realm + "/users?" + byPhone);
        assertThat(usernames(found)).containsExactly("alice");
        assertThat(admin.getJson("/realms/" + realm + "/users/count?" + byPhone).asInt())
                .isEqualTo(1);
        assertThat(usernames(admin.getJson("/realms/" + realm + "/users?q=" + Http.encode("locale:EN"))))
                .as("text compares ignoring case, as Keycloak's own attribute search")
                .containsExactly("bob");
        assertThat(usernames(admin.getJson("/realms/" + realm + "/users?q=" + Http.encode("age:51"))))
                .containsExactly("carol");
        assertThat(admin.getJson("/realms/" + realm + "/users?q=" + Http.encode("phone_number:\"+49 30\"")))
                .as("equality, not a prefix")
                .isEmpty();
        assertThat(admin.getJson("/realms/" + realm + "/users?q=" + Http.encode("age:old")))
                .as("a value the column cannot hold finds nobody (and is no error)")
                .isEmpty();
        assertThat(usernames(admin.getJson(
                        "/realms/" + realm + "/users?q=" + Http.encode("phone_number:\"+49 30 2222\" locale:en"))))
                .containsExactly("bob");
    }

    /**
     * The search is one statement on the mapped column with the value bound, and the index the docs name serves it
     * (PostgreSQL {@code lower(phone)}, MariaDB/MySQL {@code phone}); the plan is read of the statement the provider
     * builds from this suite's component configuration.
     */
    @Test
    void theSearchIsOneStatementTheDocumentedIndexServes() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> config = (Map<String, List<String>>)
                component("READ_ONLY", ATTRIBUTE_COLUMNS).get("config");
        TableMapping mapping = ExternalUsersConfig.parse(config).mapping();
        Dialect dialect = Dialect.fromJdbcUrl(db.keycloakJdbcUrl());
        SqlCondition condition = new UserSearchCriteria(
                        mapping, dialect, Optional::of, (column, value) -> value, column -> AttributeColumnType.TEXT)
                .toCondition(Map.of("phone_number", ALICE_PHONE));
        String sql = new UserSql(mapping, dialect).search(condition);

        assertThat(condition.sql()).isIn("LOWER(phone) = ?", "phone = ?");
        assertThat(condition.parameters()).containsExactly(ALICE_PHONE);
        try (Connection c = db.connect()) {
            List<Object> binds = new ArrayList<>(condition.parameters());
            binds.add(10);
            binds.add(0);
            assertThat(run(c, sql, binds))
                    .as("the provider's statement finds alice")
                    .isEqualTo(1);
            if (phoneIndexed()) {
                try (Statement s = c.createStatement()) {
                    s.execute(dialect == Dialect.POSTGRESQL ? "ANALYZE users" : "ANALYZE TABLE users");
                    if (dialect == Dialect.POSTGRESQL) {
                        s.execute("SET enable_seqscan = off");
                    }
                }
                assertThat(plan(c, "EXPLAIN " + sql, binds)).contains("ix_users_phone");
            }
        }
    }

    // --- writing ---

    @Test
    void writableWritesAnAdminsChangeToTheColumn() throws Exception {
        setMode("WRITABLE");
        Map<String, Object> rep = representation("dave");
        attributes(rep).put("phone_number", List.of("+1 555 0100"));
        attributes(rep).put("age", List.of("29"));

        HttpResponse<String> update = admin.put(userPath("dave"), rep);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(204);
        Map<String, Object> row = row("dave");
        assertThat(row).containsEntry("phone", "+1 555 0100").containsEntry("lang", "it");
        assertThat(((Number) row.get("age_years")).intValue()).isEqualTo(29);
        assertThat(row.get("updated_at")).isNotNull();
        assertThat(values(admin.getJson(userPath("dave")).get("attributes"), "phone_number"))
                .containsExactly("+1 555 0100");
        JsonNode claims = OidcClient.claims(
                Http.json(oidc.passwordGrant(realm, "dave", DemoUsers.PASSWORD).body())
                        .get("access_token")
                        .asText());
        assertThat(claims.get("phone_number").asText()).isEqualTo("+1 555 0100");

        attributes(rep).put("age", List.of("twenty-nine"));
        HttpResponse<String> refused = admin.put(userPath("dave"), rep);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Http.json(refused.body()).get("errorMessage").asText())
                .isEqualTo("The attribute 'age' must be a whole number.");
        assertThat(((Number) row("dave").get("age_years")).intValue()).isEqualTo(29);
    }

    @Test
    void readOnlyRefusesAChangeWithKeycloaksReadOnlyError() throws Exception {
        setMode("READ_ONLY");
        Map<String, Object> rep = representation("carol");
        attributes(rep).put("phone_number", List.of("+1 555 0199"));

        HttpResponse<String> refused = admin.put(userPath("carol"), rep);
        assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
        assertThat(refused.body()).contains("read-only");
        assertThat(row("carol")).containsEntry("phone", "+49 30 3333");

        attributes(rep).put("phone_number", List.of("+49 30 3333"));
        HttpResponse<String> unchanged = admin.put(userPath("carol"), rep);
        assertThat(unchanged.statusCode())
                .as("the current value is fine: %s", unchanged.body())
                .isEqualTo(204);
    }

    @Test
    void unsyncedKeepsAnAdminsChangeInKeycloakAndLeavesTheColumn() throws Exception {
        setMode("UNSYNCED");
        Map<String, Object> rep = representation("heidi");
        attributes(rep).put("phone_number", List.of("+31 20 0000"));

        HttpResponse<String> update = admin.put(userPath("heidi"), rep);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(204);
        assertThat(values(admin.getJson(userPath("heidi")).get("attributes"), "phone_number"))
                .containsExactly("+31 20 0000");
        assertThat(row("heidi")).containsEntry("phone", "+49 30 8888");
        assertThat(row("heidi").get("updated_at")).isNull();

        setMode("READ_ONLY");
        assertThat(values(admin.getJson(userPath("heidi")).get("attributes"), "phone_number"))
                .as("outside UNSYNCED the column is the truth again")
                .containsExactly("+49 30 8888");
    }

    // --- bad configurations ---

    @Test
    void aBadEntryIsRefusedOnSaveWithAReadableMessage() {
        int components = admin.componentCount(realm);

        assertRefused(
                List.of("phone_number=no_such_column"),
                "Column 'no_such_column' (option attributeColumns entry phone_number=no_such_column) does not exist "
                        + "in table 'users'.");
        assertRefused(
                List.of("email=phone"),
                "Attribute columns: entry 'email=phone': 'email' is reserved: Keycloak's own profile properties and "
                        + "app_user_id come from the column options, not from attribute columns.");
        assertRefused(
                List.of("phone_number"),
                "Attribute columns: 'phone_number' is not an entry of the form attribute=column (for example "
                        + "phone_number=phone).");
        assertRefused(
                List.of("phone_number=phone", "mobile=phone"),
                "Attribute columns: entry 'mobile=phone': the column 'phone' is already mapped by "
                        + "'phone_number=phone'.");
        assertRefused(List.of("hash=password_hash"), "is already mapped by option columnPasswordHash");
        assertRefused(
                List.of("seen=last_login"),
                "Attribute columns: entry 'seen=last_login': the column 'last_login' has the type");
        assertThat(admin.componentCount(realm)).as("nothing saved").isEqualTo(components);
    }

    private void assertRefused(List<String> entries, String message) {
        HttpResponse<String> response = admin.post(componentsPath(), component("READ_ONLY", entries));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response.body()).get("errorMessage").asText()).contains(message);
    }

    // --- helpers ---

    private String componentsPath() {
        return "/realms/" + realm + "/components";
    }

    /** An external-users component on this leg's table; {@code attributeColumns} is multivalued, one entry each. */
    private Map<String, Object> component(String editMode, List<String> attributeColumns) {
        return component(editMode, "NO_CACHE", attributeColumns);
    }

    private Map<String, Object> component(String editMode, String cachePolicy, List<String> attributeColumns) {
        Map<String, List<String>> config = new LinkedHashMap<>();
        db.componentConfig(2).forEach((key, value) -> config.put(key, List.of(value)));
        config.put("cachePolicy", List.of(cachePolicy));
        config.put("editMode", List.of(editMode));
        config.put("attributeColumns", attributeColumns);
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("name", "app users with attributes");
        rep.put("providerId", "external-users");
        rep.put("providerType", KeycloakAdmin.USER_STORAGE_TYPE);
        rep.put("parentId", admin.realmId(realm));
        rep.put("config", config);
        return rep;
    }

    private void setMode(String editMode) {
        setMode(editMode, "NO_CACHE");
    }

    private void setMode(String editMode, String cachePolicy) {
        Map<String, Object> rep = component(editMode, cachePolicy, ATTRIBUTE_COLUMNS);
        rep.put("id", componentId);
        HttpResponse<String> response = admin.put(componentsPath() + "/" + componentId, rep);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Keycloak's standard User Attribute mapper on the direct-grant client. */
    private void addAttributeMapper(String attribute, String claim, String jsonType) {
        String client = admin.getJson("/realms/" + realm + "/clients?clientId=" + OidcClient.DIRECT_GRANT_CLIENT)
                .get(0)
                .get("id")
                .asText();
        HttpResponse<String> response = admin.post(
                "/realms/" + realm + "/clients/" + client + "/protocol-mappers/models",
                Map.of(
                        "name",
                        attribute,
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-usermodel-attribute-mapper",
                        "config",
                        Map.of(
                                "user.attribute",
                                attribute,
                                "claim.name",
                                claim,
                                "jsonType.label",
                                jsonType,
                                "access.token.claim",
                                "true",
                                "id.token.claim",
                                "true")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private String userPath(String username) {
        String appId = DemoUsers.named(username).id();
        return "/realms/" + realm + "/users/" + Http.encode("f:" + componentId + ":" + appId);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> representation(String username) {
        return Http.JSON.convertValue(admin.getJson(userPath(username)), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Map<String, Object> rep) {
        return (Map<String, Object>) rep.computeIfAbsent("attributes", k -> new LinkedHashMap<String, Object>());
    }

    private String token(String username) {
        HttpResponse<String> login = oidc.passwordGrant(realm, username, DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return Http.json(login.body()).get("access_token").asText();
    }

    /** The user's account as the account REST API (the account console's) shows it, with its profile metadata. */
    private JsonNode account(String token) {
        HttpResponse<String> response = accountCall(token, "GET", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body());
    }

    /** The account console's save: the whole representation, posted back. */
    private HttpResponse<String> accountUpdate(String token, Object body) {
        return accountCall(token, "POST", body);
    }

    private HttpResponse<String> accountCall(String token, String method, Object body) {
        return Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(server.realmUrl(realm) + "/account/?userProfileMetadata=true"))
                        .timeout(Http.TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(Http.toJson(body)))
                        .build());
    }

    private static JsonNode profileAttribute(JsonNode user, String name) {
        return StreamSupport.stream(
                        user.get("userProfileMetadata").get("attributes").spliterator(), false)
                .filter(a -> a.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not declared in " + user.get("userProfileMetadata")));
    }

    private static List<String> values(JsonNode attributes, String name) {
        List<String> values = new ArrayList<>();
        attributes.path(name).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> usernames(JsonNode users) {
        List<String> names = new ArrayList<>();
        users.forEach(u -> names.add(u.get("username").asText()));
        return names;
    }

    /** The app row of a user, read directly from the app database (column names in lower case). */
    private Map<String, Object> row(String username) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT phone, lang, age_years, updated_at FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                return row;
            }
        }
    }

    private static int run(Connection c, String sql, List<Object> binds) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    /** The plan of a statement, all its rows and columns as text. */
    private static String plan(Connection c, String sql, List<Object> binds) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        plan.append(rs.getString(i)).append(' ');
                    }
                    plan.append('\n');
                }
            }
        }
        return plan.toString();
    }
}
