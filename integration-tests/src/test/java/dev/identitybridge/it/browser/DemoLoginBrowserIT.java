package dev.identitybridge.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppCallback;
import dev.identitybridge.it.harness.Browser;
import dev.identitybridge.it.harness.DemoRealm;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An app's OIDC login in a real browser (Debian's headless Chromium) against the real Keycloak with the bundle and
 * the demo realm: the identity-bridge login theme renders, a federated demo user signs in with authorization code
 * + PKCE, a new user registers through the form into the app table, wrong passwords and German messages show.
 * Screenshots of the login and registration pages at desktop and phone widths land in {@code target/screenshots}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoLoginBrowserIT {

    private KeycloakServer server;
    private KeycloakAdmin admin;
    private H2AppDatabase db;
    private AppCallback app;
    private String redirectUri;
    private Browser browser;

    @BeforeAll
    void setUp() throws Exception {
        server = KeycloakServer.shared();
        admin = new KeycloakAdmin(server);
        db = DemoRealm.importWithDemoData(admin);
        app = new AppCallback();
        redirectUri = app.redirectUri();
    }

    @AfterAll
    void tearDown() {
        app.close();
        admin.delete("/realms/" + DemoRealm.NAME);
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    /** One authorization request of demo-app: the URL, and what the code exchange needs. */
    private record Authorization(String url, String verifier, String state) {}

    private Authorization authorization(String extra) {
        String verifier = OidcClient.randomUrlSafe(48);
        String state = OidcClient.randomUrlSafe(16);
        String url = server.realmUrl(DemoRealm.NAME) + "/protocol/openid-connect/auth?"
                + Http.form(Map.of(
                        "client_id",
                        "demo-app",
                        "response_type",
                        "code",
                        "scope",
                        "openid",
                        "redirect_uri",
                        redirectUri,
                        "state",
                        state,
                        "code_challenge",
                        OidcClient.challenge(verifier),
                        "code_challenge_method",
                        "S256"))
                + extra;
        return new Authorization(url, verifier, state);
    }

    @Test
    void aFederatedUserSignsInOnTheThemedPageAndGetsTheAppUserId() throws Exception {
        WebDriver driver = browser.driver();
        Authorization auth = authorization("");
        driver.get(auth.url());
        assertThemedLoginPage(driver, "Sign in with your account");
        browser.screenshot("login-desktop");
        browser.resize(Browser.PHONE);
        browser.screenshot("login-phone");
        browser.resize(Browser.DESKTOP);

        DemoUsers.DemoUser carol = DemoUsers.named("carol");
        signIn(driver, carol.username(), DemoUsers.PASSWORD);
        JsonNode tokens = exchange(driver, auth);
        String appId = appIdOf(carol.username());
        assertThat(appId).isEqualTo(carol.id());
        for (String token : new String[] {"id_token", "access_token"}) {
            JsonNode claims = OidcClient.claims(tokens.get(token).asText());
            assertThat(claims.get("user_id").asText()).as(token).isEqualTo(appId);
            assertThat(claims.get("email").asText()).as(token).isEqualTo(carol.email());
            assertThat(claims.get("email_verified").asBoolean()).as(token).isTrue();
        }
    }

    @Test
    void aNewUserRegistersIntoTheAppTableAndCanSignIn() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(authorization("").url());
        driver.findElement(By.cssSelector("a[href*='login-actions/registration']"))
                .click();
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-register-form")));
        assertThat(driver.findElement(By.id("kc-page-title")).getText()).isEqualTo("Create your account");
        browser.screenshot("register-desktop");
        browser.resize(Browser.PHONE);
        browser.screenshot("register-phone");
        browser.resize(Browser.DESKTOP);

        Map<String, String> fields = new HashMap<>(Map.of(
                "username",
                "browser-bea",
                "email",
                "Bea.Browser@Example.org",
                "firstName",
                "Bea",
                "lastName",
                "Browser",
                "password",
                "Bea-Passw0rd!",
                "password-confirm",
                "Bea-Passw0rd!"));
        fields.forEach((id, value) -> driver.findElement(By.id(id)).sendKeys(value));
        driver.findElement(By.cssSelector("#kc-register-form [type=submit]")).click();
        wait(driver).until(d -> d.getCurrentUrl().startsWith(redirectUri));
        assertThat(
                        db.count(
                                "SELECT COUNT(*) FROM users WHERE username = 'browser-bea' AND email = 'bea.browser@example.org'"))
                .as("the app table has the new row")
                .isEqualTo(1);

        // a fresh browser (no Keycloak session): the new user signs in with the password just chosen
        browser.close();
        browser = new Browser();
        WebDriver fresh = browser.driver();
        Authorization auth = authorization("");
        fresh.get(auth.url());
        signIn(fresh, "browser-bea", "Bea-Passw0rd!");
        JsonNode claims =
                OidcClient.claims(exchange(fresh, auth).get("id_token").asText());
        assertThat(claims.get("user_id").asText()).isEqualTo(appIdOf("browser-bea"));
    }

    @Test
    void aWrongPasswordShowsTheThemedMessageInEnglishAndGerman() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(authorization("").url());
        signIn(driver, "alice", "not-her-password");
        assertThat(errorText(driver)).isEqualTo("That username or password did not match. Please try again.");

        driver.get(authorization("&ui_locales=de").url());
        assertThemedLoginPage(driver, "Mit Ihrem Konto anmelden");
        assertThat(driver.findElement(By.id("idb-footer")).getText()).isEqualTo("Geschützt durch Identity Bridge");
        signIn(driver, "alice", "nicht-ihr-passwort");
        assertThat(errorText(driver))
                .isEqualTo("Benutzername oder Passwort stimmen nicht. Bitte versuchen Sie es erneut.");
        browser.screenshot("login-error-de");
    }

    private void assertThemedLoginPage(WebDriver driver, String title) {
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-form-login")));
        assertThat(driver.findElement(By.id("kc-page-title")).getText()).isEqualTo(title);
        assertThat(driver.findElements(By.cssSelector("link[href*='/login/identity-bridge/css/identity-bridge.css']")))
                .as("the theme's stylesheet")
                .hasSize(1);
        // the stylesheet really applies: the product logo is drawn before the realm name
        String logo = (String)
                ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript(
                                "return getComputedStyle(document.getElementById('kc-header-wrapper'), '::before').backgroundImage;");
        assertThat(logo).contains("identity-bridge-logo.svg");
        String headerColour = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return getComputedStyle(document.getElementById('kc-header-wrapper')).color;");
        assertThat(headerColour)
                .as("the realm name in the theme's ink colour, readable on the light background")
                .isEqualTo("rgb(20, 33, 61)");
        assertThat(driver.findElement(By.cssSelector("label[for=username]")).getText())
                .isNotBlank();
        assertThat(driver.findElement(By.cssSelector("label[for=password]")).getText())
                .isNotBlank();
        assertThat(driver.findElement(By.id("idb-footer")).isDisplayed()).isTrue();
    }

    private static void signIn(WebDriver driver, String username, String password) {
        WebElement user = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    private static String errorText(WebDriver driver) {
        return wait(driver)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#input-error, .kc-feedback-text")))
                .getText()
                .trim();
    }

    /** Waits for the redirect to the app, checks state, and exchanges the code with the PKCE verifier. */
    private JsonNode exchange(WebDriver driver, Authorization auth) {
        wait(driver).until(d -> d.getCurrentUrl().startsWith(redirectUri));
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(driver.getCurrentUrl()).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(query.get("state")).isEqualTo(auth.state());
        assertThat(query.get("code")).as("the redirect carries a code").isNotBlank();
        HttpResponse<String> tokens = Http.postForm(
                Http.client(),
                server.realmUrl(DemoRealm.NAME) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        "demo-app",
                        "code",
                        query.get("code"),
                        "redirect_uri",
                        redirectUri,
                        "code_verifier",
                        auth.verifier()));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.json(tokens.body());
    }

    private String appIdOf(String username) throws Exception {
        try (var c = db.connect();
                var ps = c.prepareStatement("SELECT id FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("app row of %s", username).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }
}
