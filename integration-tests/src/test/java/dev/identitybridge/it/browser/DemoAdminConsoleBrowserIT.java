package dev.identitybridge.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.Browser;
import dev.identitybridge.it.harness.DemoRealm;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.DemoUsers.DemoUser;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a realm admin sees of a federated demo user in Keycloak's admin console (admin UI v2 of 26.7.3, real Chromium):
 * the app's phone column as the {@code phone_number} attribute on the user's details, the app's roles
 * ({@code user_roles}, {@code app-admin} mapped to {@code admin}) on the role mapping tab, the app's groups
 * ({@code user_groups}) on the groups tab, and the app users among a group's members. Selectors are the console's test
 * ids; every step waits for what it reads. Screenshots land in {@code target/screenshots}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAdminConsoleBrowserIT {

    private final KeycloakServer server = KeycloakServer.shared();
    private final KeycloakAdmin admin = new KeycloakAdmin(server);
    private Browser browser;

    @BeforeAll
    void importTheDemoRealmAndOpenABrowser() throws Exception {
        DemoRealm.importWithDemoData(admin);
        browser = new Browser();
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        admin.delete("/realms/" + DemoRealm.NAME);
    }

    @Test
    void theUserPageShowsTheAppsAttributeRolesAndGroupsAndTheGroupItsMembers() throws Exception {
        WebDriver driver = browser.driver();
        DemoUser alice = DemoUsers.named("alice");
        String userId = DemoRealm.federatedUserId(admin, alice.id());
        // the console's login (master realm) returns to the page asked for
        driver.get(console() + "/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "/settings");
        signInAsAdmin(driver);

        // Details: the profile's read-only app_user_id and the attribute column's phone_number
        assertThat(fieldValue(driver, "app_user_id", alice.id())).isEqualTo(alice.id());
        assertThat(fieldValue(driver, "phone_number", "+1 555 0101")).isEqualTo("+1 555 0101");
        assertThat(driver.findElement(By.cssSelector("[data-testid='view-header']"))
                        .getText())
                .contains("alice");
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].scrollIntoView({block: 'center'})",
                        driver.findElement(By.cssSelector("input[data-testid='phone_number']")));
        browser.screenshot("admin-user-details");

        // Role mapping: app-admin through the name map as admin, billing as it is, next to the realm's default roles
        click(driver, "role-mapping-tab");
        List<String> roles = wait(driver).until(d -> {
            List<String> names = columnTexts(d, "[data-testid='assigned-roles'] tbody tr", 1);
            return names.contains("admin") && names.contains("billing") ? names : null;
        });
        assertThat(roles).contains("offline_access").doesNotContain("app-admin", "viewer");
        browser.screenshot("admin-user-role-mapping");

        // Groups: /staff from user_groups, and nothing else
        click(driver, "user-groups-tab");
        WebElement leaveStaff = wait(driver)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='leave-staff']")));
        assertThat(leaveStaff.findElement(By.xpath("./ancestor::tr")).getText())
                .contains("staff")
                .contains("/staff");
        assertThat(driver.findElements(By.cssSelector("tbody [data-testid^='leave-']")))
                .as("one group row")
                .hasSize(1);
        browser.screenshot("admin-user-groups");

        // Groups → customers → Members: the app users of the group, from the app database
        String customers = admin.getJson("/realms/" + DemoRealm.NAME + "/group-by-path/customers")
                .get("id")
                .asText();
        driver.get(console() + "/groups/" + customers);
        click(driver, "members");
        List<String> members = wait(driver).until(d -> {
            List<String> names = columnTexts(d, "[data-testid='members-table'] tbody tr", 1);
            return names.size() >= 2 ? names : null;
        });
        assertThat(members).containsExactlyInAnyOrder("bob", "carol");
        browser.screenshot("admin-group-members");
    }

    private String console() {
        return server.baseUrl() + "/admin/master/console/#/" + DemoRealm.NAME;
    }

    private static void signInAsAdmin(WebDriver driver) {
        wait(driver)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(KeycloakServer.ADMIN_USER);
        driver.findElement(By.id("password")).sendKeys(KeycloakServer.ADMIN_PASSWORD);
        driver.findElement(By.id("kc-login")).click();
    }

    /** The value of the user form's field {@code testId} once it shows {@code expected} (or the wait times out). */
    private static String fieldValue(WebDriver driver, String testId, String expected) {
        By field = By.cssSelector("input[data-testid='" + testId + "']");
        wait(driver)
                .until(d -> d.findElements(field).stream().anyMatch(e -> expected.equals(e.getDomProperty("value"))));
        return driver.findElement(field).getDomProperty("value");
    }

    private static void click(WebDriver driver, String testId) {
        wait(driver)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='" + testId + "']")))
                .click();
    }

    /** The text of cell {@code column} (0 = the selection checkbox) of each row {@code rows} selects. */
    private static List<String> columnTexts(WebDriver driver, String rows, int column) {
        List<String> texts = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector(rows))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.size() > column) {
                texts.add(cells.get(column).getText().trim());
            }
        }
        return texts;
    }

    private static WebDriverWait wait(WebDriver driver) {
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class); // the console re-renders while it loads
    }
}
