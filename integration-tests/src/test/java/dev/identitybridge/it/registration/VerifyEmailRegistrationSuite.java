package dev.identitybridge.it.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppCallback;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.Browser;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.MailSink;
import dev.identitybridge.it.harness.OidcClient;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Self-registration with <em>Verify email</em> on, in a real browser (Debian's headless Chromium) against the real
 * Keycloak, with "Sync registrations" on and the realm's mail going to a local SMTP sink: the test reads the
 * verification mail, follows its link, and checks that the app table ends with exactly one row for the user, with
 * the password hashed in the configured algorithm, {@code email_verified} true and the Keycloak subject as auth id,
 * and that the user then logs in with that password.
 * <p>
 * Keycloak 26.7 asks for the password only after the email is verified (the registration form has no password
 * fields; an UPDATE_PASSWORD required action follows the verification); 26.4 and 26.5, and 26.7 with the
 * registration flow's "Always set password on register form", take it on the form. Both flows are run: the first
 * test with the server's default flow (whichever it is), the second with the password on the form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerifyEmailRegistrationSuite extends DatabaseLegSuite {

    private static final String PASSWORD = "Verified-Passw0rd!";
    private static final String CLIENT = "verify-app";
    /** Keycloak 26.7's option of the registration form's password step (absent before 26.7). */
    private static final String ALWAYS_SET_PASSWORD = "always_set_password_on_register_form";

    private KeycloakServer server;
    private KeycloakAdmin admin;
    private AppDatabase db;
    private MailSink mail;
    private AppCallback app;
    private String redirectUri;
    private String realm;
    private String componentId;
    private Browser browser;

    @BeforeAll
    void setUp() throws Exception {
        server = KeycloakServer.shared();
        admin = new KeycloakAdmin(server);
        db = databaseLeg.appDatabase("verify_email_it");
        db.recreate();
        db.applyReferenceSchema();
        mail = new MailSink();
        app = new AppCallback();
        redirectUri = app.redirectUri();

        realm = "it-" + leg() + "-verify-email";
        admin.createRealm(realm);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("registrationAllowed", true);
        settings.put("verifyEmail", true);
        settings.put("smtpServer", mail.realmSmtpSettings("keycloak@identity-bridge.test"));
        HttpResponse<String> updated = admin.put("/realms/" + realm, settings);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
        HttpResponse<String> client = admin.post(
                "/realms/" + realm + "/clients",
                Map.of(
                        "clientId",
                        CLIENT,
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        true,
                        "directAccessGrantsEnabled",
                        false,
                        "redirectUris",
                        List.of(redirectUri)));
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
        componentId = admin.createComponent(realm, "app users", componentConfig("argon2id"));
    }

    @AfterAll
    void tearDown() {
        if (app != null) {
            app.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (admin != null && realm != null) {
            admin.delete("/realms/" + realm);
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private Map<String, String> componentConfig(String hashAlgorithm) {
        Map<String, String> config = new HashMap<>();
        config.put("jdbcUrl", db.keycloakJdbcUrl());
        config.put("dbUser", db.user());
        config.put("dbPassword", db.password());
        config.put("poolMinSize", "1");
        config.put("poolMaxSize", "4");
        config.put("editMode", "WRITABLE");
        config.put("syncRegistrations", "true");
        config.put("passwordHashAlgorithm", hashAlgorithm);
        return config;
    }

    private void useHashAlgorithm(String algorithm) {
        HttpResponse<String> response =
                admin.updateComponent(realm, componentId, "app users", componentConfig(algorithm));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    void theDefaultFlowEndsWithOneVerifiedRowWithThePassword() throws Exception {
        useHashAlgorithm("argon2id");
        setAlwaysSetPasswordOnRegisterForm(false);
        Registration registration = register("ver-" + leg(), "Ver.User-" + leg() + "@Example.ORG");
        assertThat(registration.passwordOnForm())
                .as("the registration form asks for the password (before 26.7 only)")
                .isEqualTo(!passwordAfterVerification());

        verifyByMail(registration);
        assertVerifiedRowWithPassword(registration, "$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void withThePasswordOnTheFormTheRowHasItBeforeAndAfterVerification() throws Exception {
        useHashAlgorithm("pbkdf2-sha256");
        setAlwaysSetPasswordOnRegisterForm(true);
        try {
            Registration registration = register("form-" + leg(), "Form.User-" + leg() + "@Example.ORG");
            assertThat(registration.passwordOnForm()).isTrue();
            verifyByMail(registration);
            assertVerifiedRowWithPassword(registration, "$pbkdf2-sha256$");
        } finally {
            setAlwaysSetPasswordOnRegisterForm(false);
        }
    }

    @Test
    void theLinkOpenedInAnotherBrowserEndsTheSameWay() throws Exception {
        useHashAlgorithm("bcrypt");
        setAlwaysSetPasswordOnRegisterForm(false);
        Registration registration = register("other-" + leg(), "Other.Device-" + leg() + "@Example.ORG");
        MimeMessage message = mail.awaitMessageTo(registration.email(), 1, Duration.ofSeconds(30));
        String link = MailSink.actionTokenLink(message);
        // the mail read on another device: a browser without the registration's session
        try (Browser other = new Browser()) {
            WebDriver driver = other.driver();
            driver.get(link);
            boolean askedForPassword = false;
            for (int step = 0; step < 4; step++) {
                wait(driver)
                        .until(d -> !d.findElements(By.id("password-new")).isEmpty()
                                || !d.findElements(By.cssSelector("a[href*='login-actions/action-token']"))
                                        .isEmpty()
                                || !d.findElements(By.id("kc-info-message")).isEmpty()
                                || d.getCurrentUrl().startsWith(redirectUri));
                if (!driver.findElements(By.id("password-new")).isEmpty()) {
                    askedForPassword = true;
                    driver.findElement(By.id("password-new")).sendKeys(PASSWORD);
                    driver.findElement(By.id("password-confirm")).sendKeys(PASSWORD);
                    driver.findElement(By.cssSelector("form [type=submit]")).click();
                } else if (!driver.findElements(By.cssSelector("a[href*='login-actions/action-token']"))
                        .isEmpty()) {
                    driver.findElement(By.cssSelector("a[href*='login-actions/action-token']"))
                            .click();
                } else {
                    break;
                }
            }
            other.screenshot("verify-email-" + leg() + "-other-browser");
            assertThat(askedForPassword)
                    .as("the other browser asks for the password (26.7)")
                    .isEqualTo(passwordAfterVerification());
        }
        assertVerifiedRowWithPassword(registration, "$2b$");
    }

    /** What the registration left: the user's names, and whether the form asked for the password. */
    private record Registration(String username, String email, boolean passwordOnForm) {}

    /**
     * Registers through the login page's "Register" link; the password is typed in when the form has the field.
     * Ends on the "verify your email" page, with exactly one unverified app row for the user.
     */
    private Registration register(String username, String email) throws Exception {
        WebDriver driver = browser.driver();
        driver.get(authorizationUrl());
        wait(driver)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[href*='login-actions/registration']")))
                .click();
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-register-form")));
        boolean passwordOnForm = !driver.findElements(By.id("password")).isEmpty();
        Map<String, String> fields = new LinkedHashMap<>(
                Map.of("username", username, "email", email, "firstName", "Vera", "lastName", "Mail"));
        if (passwordOnForm) {
            fields.put("password", PASSWORD);
            fields.put("password-confirm", PASSWORD);
        }
        fields.forEach((id, value) -> driver.findElement(By.id(id)).sendKeys(value));
        driver.findElement(By.cssSelector("#kc-register-form [type=submit]")).click();
        wait(driver).until(d -> d.findElements(By.id("kc-register-form")).isEmpty());
        assertThat(driver.findElement(By.tagName("body")).getText())
                .as("the \"verify your email\" page")
                .contains(email.toLowerCase());
        browser.screenshot("verify-email-" + leg() + "-pending");

        Map<String, Object> pending = onlyRow(username, email);
        assertThat(bool(pending.get("email_verified")))
                .as("not verified before the link is followed")
                .isFalse();
        assertThat(pending.get("password_hash") != null)
                .as("a password hash before verification iff the form asked for it")
                .isEqualTo(passwordOnForm);
        assertThat(pending.get("auth_id")).isEqualTo(keycloakId(pending));
        HttpResponse<String> early = new OidcClient(server).passwordGrant(realm, username, PASSWORD);
        assertThat(early.statusCode())
                .as("no login before the email is verified: %s", early.body())
                .isEqualTo(400);
        return new Registration(username, email.toLowerCase(), passwordOnForm);
    }

    /**
     * Follows the verification mail's link in the same browser; when Keycloak then asks for the password (26.7),
     * sets it. Ends back at the app with an authorization code.
     */
    private void verifyByMail(Registration registration) throws Exception {
        MimeMessage message = mail.awaitMessageTo(registration.email(), 1, Duration.ofSeconds(30));
        String link = MailSink.actionTokenLink(message);
        assertThat(link).startsWith(server.baseUrl() + "/realms/" + realm + "/login-actions/action-token?");
        WebDriver driver = browser.driver();
        driver.get(link);
        wait(driver)
                .until(d -> d.getCurrentUrl().startsWith(redirectUri)
                        || !d.findElements(By.id("password-new")).isEmpty());
        if (!driver.getCurrentUrl().startsWith(redirectUri)) {
            assertThat(registration.passwordOnForm())
                    .as("asked for a password it already has")
                    .isFalse();
            browser.screenshot("verify-email-" + leg() + "-set-password");
            driver.findElement(By.id("password-new")).sendKeys(PASSWORD);
            driver.findElement(By.id("password-confirm")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("form [type=submit]")).click();
        } else {
            assertThat(registration.passwordOnForm())
                    .as("never asked for a password")
                    .isTrue();
        }
        wait(driver).until(d -> d.getCurrentUrl().startsWith(redirectUri));
        assertThat(driver.getCurrentUrl()).contains("code=");
    }

    private void assertVerifiedRowWithPassword(Registration registration, String hashPrefix) throws Exception {
        Map<String, Object> row = onlyRow(registration.username(), registration.email());
        assertThat(bool(row.get("email_verified"))).as("email_verified").isTrue();
        assertThat((String) row.get("password_hash")).as("password_hash").startsWith(hashPrefix);
        assertThat(row.get("auth_id")).isEqualTo(keycloakId(row));
        assertThat(row.get("email")).isEqualTo(registration.email());

        OidcClient oidc = new OidcClient(server);
        HttpResponse<String> login = oidc.passwordGrant(realm, registration.username(), PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        JsonNode claims =
                OidcClient.claims(Http.json(login.body()).get("id_token").asText());
        assertThat(claims.get("sub").asText()).isEqualTo(keycloakId(row));
        assertThat(claims.get("email_verified").asBoolean()).isTrue();
        HttpResponse<String> wrong = oidc.passwordGrant(realm, registration.username(), PASSWORD + "x");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid_grant");
    }

    /** Sets (26.7 and later) the registration form's password step option; older servers have no such option. */
    private void setAlwaysSetPasswordOnRegisterForm(boolean always) {
        JsonNode description =
                admin.getJson("/realms/" + realm + "/authentication/config-description/registration-password-action");
        boolean optionExists = false;
        for (JsonNode property : description.path("properties")) {
            optionExists |= ALWAYS_SET_PASSWORD.equals(property.path("name").asText());
        }
        assertThat(optionExists).as("the option exists from Keycloak 26.7 on").isEqualTo(passwordAfterVerification());
        if (!optionExists) {
            return;
        }
        JsonNode execution = passwordExecution();
        Map<String, Object> config =
                Map.of("alias", "password-" + leg(), "config", Map.of(ALWAYS_SET_PASSWORD, String.valueOf(always)));
        if (execution.hasNonNull("authenticationConfig")) {
            String configId = execution.get("authenticationConfig").asText();
            Map<String, Object> update = new LinkedHashMap<>(config);
            update.put("id", configId);
            HttpResponse<String> response =
                    admin.put("/realms/" + realm + "/authentication/config/" + configId, update);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        } else {
            HttpResponse<String> response = admin.post(
                    "/realms/" + realm + "/authentication/executions/"
                            + execution.get("id").asText() + "/config",
                    config);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
    }

    private JsonNode passwordExecution() {
        for (JsonNode execution : admin.getJson("/realms/" + realm + "/authentication/flows/registration/executions")) {
            if ("registration-password-action"
                    .equals(execution.path("providerId").asText())) {
                return execution;
            }
        }
        throw new AssertionError("the registration flow has no password step");
    }

    /** Whether the server under test (Keycloak 26.7 or later) asks for the password after the verification by default. */
    private static boolean passwordAfterVerification() {
        String[] version = System.getProperty("keycloak.version").split("\\.");
        int major = Integer.parseInt(version[0]);
        return major > 26 || major == 26 && Integer.parseInt(version[1]) >= 7;
    }

    private String authorizationUrl() {
        String verifier = OidcClient.randomUrlSafe(48);
        return server.realmUrl(realm) + "/protocol/openid-connect/auth?"
                + Http.form(Map.of(
                        "client_id",
                        CLIENT,
                        "response_type",
                        "code",
                        "scope",
                        "openid",
                        "redirect_uri",
                        redirectUri,
                        "state",
                        OidcClient.randomUrlSafe(16),
                        "code_challenge",
                        OidcClient.challenge(verifier),
                        "code_challenge_method",
                        "S256"));
    }

    private String keycloakId(Map<String, Object> row) {
        return "f:" + componentId + ":" + row.get("id");
    }

    /** The one app row with this username or email (fails when there is none or more than one). */
    private Map<String, Object> onlyRow(String username, String email) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, username, email, email_verified, password_hash, auth_id FROM users "
                                + "WHERE username = ? OR LOWER(email) = ?")) {
            ps.setString(1, username);
            ps.setString(2, email.toLowerCase());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("an app row for %s", username).isTrue();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(
                            rs.getMetaData().getColumnLabel(i).toLowerCase(),
                            value == null
                                    ? null
                                    : value instanceof Boolean || value instanceof Number ? value : value.toString());
                }
                assertThat(rs.next()).as("exactly one app row for %s", username).isFalse();
                return row;
            }
        }
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }
}
