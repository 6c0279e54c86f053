package dev.identitybridge.it.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.Browser;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * What the account console does for a user, in the real browser: it sends the user to Keycloak's application-initiated
 * actions ({@code kc_action=CONFIGURE_TOTP}, {@code UPDATE_PASSWORD}), whose pages the login theme renders.
 */
final class AccountActions {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KeycloakServer server;

    AccountActions(KeycloakServer server) {
        this.server = server;
    }

    /**
     * The realm's URL as the browser uses it: {@code localhost} rather than the harness's {@code 127.0.0.1}, because
     * WebAuthn takes the host as its relying-party id and refuses an IP address. Tokens the browser's logins end with
     * are issued for this URL, so calls made with them go to it too.
     */
    String realmUrl(String realm) {
        return server.realmUrl(realm).replace("://127.0.0.1:", "://localhost:");
    }

    /**
     * Logs in and sets up an authenticator app (OTP), typing a code computed from the secret the page shows; returns
     * the tokens the login ended with (the code of the redirect, exchanged as the app would).
     */
    JsonNode setUpOtp(Browser browser, String realm, String username, String password) {
        String verifier = OidcClient.randomUrlSafe(32);
        WebDriver driver = startAction(browser, realm, username, password, "CONFIGURE_TOTP", verifier);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("mode-manual")))
                .click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-totp-secret-key")))
                .getText();
        driver.findElement(By.id("totp")).sendKeys(totp(secret, System.currentTimeMillis()));
        driver.findElement(By.id("userLabel")).sendKeys("phone of " + username);
        driver.findElement(By.id("saveTOTPBtn")).click();
        return exchange(realm, awaitRedirectBack(driver), verifier);
    }

    /**
     * Logs in and registers a passkey through Keycloak's {@code webauthn-register-passwordless} action, answered by a
     * virtual authenticator of the browser (Chrome's WebAuthn testing API: resident key, user verification); returns the
     * tokens the login ended with. The label prompt of the page is dismissed, so Keycloak's default label is used.
     */
    JsonNode registerPasskey(Browser browser, String realm, String username, String password) {
        WebDriver driver = browser.driver();
        ((HasVirtualAuthenticator) driver)
                .addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true));
        String verifier = OidcClient.randomUrlSafe(32);
        startAction(browser, realm, username, password, "webauthn-register-passwordless", verifier);
        new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.elementToBeClickable(By.id("registerWebAuthn")))
                .click();
        new WebDriverWait(driver, WAIT).until(d -> {
            try {
                d.switchTo().alert().dismiss();
            } catch (NoAlertPresentException noPrompt) {
                // the page asks for a label only on some versions
            }
            return d.getCurrentUrl().startsWith(OidcClient.REDIRECT_URI);
        });
        return exchange(realm, awaitRedirectBack(driver), verifier);
    }

    /**
     * Removes a credential as the account console does, through the {@code delete_credential:<id>} action: in the same
     * browser, whose SSO session of a moment ago spares the login, then "Delete" on the confirmation page.
     */
    void deleteCredential(Browser browser, String realm, String credentialId) {
        WebDriver driver = browser.driver();
        driver.get(authorizationUrl(realm, "delete_credential:" + credentialId, OidcClient.randomUrlSafe(32)));
        new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.elementToBeClickable(By.id("kc-accept")))
                .click();
        awaitRedirectBack(driver);
    }

    /** Logs in and changes the password through the update-password action. */
    void updatePassword(Browser browser, String realm, String username, String password, String newPassword) {
        WebDriver driver =
                startAction(browser, realm, username, password, "UPDATE_PASSWORD", OidcClient.randomUrlSafe(32));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-new")))
                .sendKeys(newPassword);
        driver.findElement(By.id("password-confirm")).sendKeys(newPassword);
        driver.findElement(By.cssSelector("#kc-passwd-update-form [type=submit]"))
                .click();
        awaitRedirectBack(driver);
    }

    private WebDriver startAction(
            Browser browser, String realm, String username, String password, String action, String verifier) {
        WebDriver driver = browser.driver();
        driver.get(authorizationUrl(realm, action, verifier));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        return driver;
    }

    private String authorizationUrl(String realm, String action, String verifier) {
        return realmUrl(realm) + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + OidcClient.WEB_CLIENT + "&redirect_uri="
                + URLEncoder.encode(OidcClient.REDIRECT_URI, StandardCharsets.UTF_8)
                + "&code_challenge_method=S256&code_challenge=" + OidcClient.challenge(verifier)
                + "&kc_action=" + URLEncoder.encode(action, StandardCharsets.UTF_8);
    }

    /** Waits for Keycloak's redirect back to the app; returns its authorization code. */
    private static String awaitRedirectBack(WebDriver driver) {
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().startsWith(OidcClient.REDIRECT_URI));
        Matcher code = Pattern.compile("[?&]code=([^&#]+)").matcher(driver.getCurrentUrl());
        if (!code.find()) {
            throw new IllegalStateException(
                    "No code in the redirect " + driver.getCurrentUrl().replaceAll("code=[^&#]+", "code=…"));
        }
        return URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private JsonNode exchange(String realm, String code, String verifier) {
        HttpResponse<String> tokens = Http.postForm(
                Http.client(),
                realmUrl(realm) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        OidcClient.WEB_CLIENT,
                        "code",
                        code,
                        "redirect_uri",
                        OidcClient.REDIRECT_URI,
                        "code_verifier",
                        verifier));
        if (tokens.statusCode() != 200) {
            throw new IllegalStateException("Code exchange: HTTP " + tokens.statusCode() + " " + tokens.body());
        }
        return Http.json(tokens.body());
    }

    /** RFC 6238 (HMAC-SHA1, 30 s, 6 digits) for a Base32 secret as Keycloak shows it (groups of four, spaces). */
    static String totp(String base32Secret, long nowMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(
                    ByteBuffer.allocate(8).putLong(nowMillis / 30_000).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT).toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
