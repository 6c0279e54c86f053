package dev.identitybridge.it.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Logs users in the way apps do: the password grant, and the authorization-code flow with PKCE through the real login form. */
public final class OidcClient {

    public static final String DIRECT_GRANT_CLIENT = "it-direct-grant";
    public static final String WEB_CLIENT = "it-web";
    public static final String REDIRECT_URI = "http://localhost:8089/callback";

    private static final Pattern LOGIN_FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern REGISTRATION_LINK = Pattern.compile("href=\"([^\"]*/login-actions/registration[^\"]*)\"");
    private static final Pattern REGISTER_FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-register-form\"[^>]*action=\"([^\"]+)\"");

    private final KeycloakServer server;

    public OidcClient(KeycloakServer server) {
        this.server = server;
    }

    /** Tokens on success, or the error response. */
    public HttpResponse<String> passwordGrant(String realm, String username, String password) {
        return Http.postForm(Http.client(), tokenEndpoint(realm), Map.of("grant_type", "password",
                "client_id", DIRECT_GRANT_CLIENT, "username", username, "password", password, "scope", "openid"));
    }

    /** What a browser login ended with: tokens, or the page Keycloak rendered instead of redirecting back. */
    public record BrowserLogin(Optional<JsonNode> tokens, int status, String page) {
    }

    /**
     * Runs the authorization-code flow with PKCE S256: opens the authorization URL, posts the login form the
     * server rendered, and exchanges the code from the redirect.
     */
    public BrowserLogin authorizationCodeLogin(String realm, String username, String password) {
        return authorizationCodeLogin(realm, WEB_CLIENT, username, password);
    }

    /** The same, for a public PKCE client of the realm's own that accepts {@link #REDIRECT_URI}. */
    public BrowserLogin authorizationCodeLogin(String realm, String clientId, String username, String password) {
        HttpClient browser = Http.client();
        Map<String, String> cookies = new java.util.LinkedHashMap<>();
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        String authUrl = server.realmUrl(realm) + "/protocol/openid-connect/auth?" + Http.form(Map.of(
                "client_id", clientId, "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT_URI,
                "state", state, "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        HttpResponse<String> page = Http.send(browser, HttpRequest.newBuilder(URI.create(authUrl)).timeout(Http.TIMEOUT).GET().build());
        remember(cookies, page);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("Login page: HTTP " + page.statusCode() + " " + page.body());
        }
        Matcher action = LOGIN_FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new IllegalStateException("No login form on the page: " + page.body());
        }
        HttpResponse<String> afterLogin = Http.send(browser, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .timeout(Http.TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookieHeader(cookies))
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("username", username, "password", password,
                        "credentialId", "")))).build());
        Optional<String> location = afterLogin.headers().firstValue("Location");
        if (afterLogin.statusCode() != 302 || location.isEmpty() || !location.get().startsWith(REDIRECT_URI)) {
            return new BrowserLogin(Optional.empty(), afterLogin.statusCode(), afterLogin.body());
        }
        Map<String, String> query = queryParameters(URI.create(location.get()).getRawQuery());
        if (!state.equals(query.get("state")) || query.get("code") == null) {
            throw new IllegalStateException("Bad redirect: " + location.get());
        }
        HttpResponse<String> tokens = Http.postForm(browser, tokenEndpoint(realm), Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", query.get("code"), "redirect_uri", REDIRECT_URI, "code_verifier", verifier));
        if (tokens.statusCode() != 200) {
            throw new IllegalStateException("Code exchange: HTTP " + tokens.statusCode() + " " + tokens.body());
        }
        return new BrowserLogin(Optional.of(Http.json(tokens.body())), tokens.statusCode(), "");
    }

    /**
     * Registers through the real registration form (the realm must allow registration): opens the login page of
     * the PKCE web client, follows its registration link, and posts {@code fields} (username, email, firstName,
     * lastName, password, password-confirm). Ends like a browser login: a code exchanged for tokens, or the page.
     */
    public BrowserLogin register(String realm, Map<String, String> fields) {
        HttpClient browser = Http.client();
        Map<String, String> cookies = new java.util.LinkedHashMap<>();
        String verifier = randomUrlSafe(48);
        String authUrl = server.realmUrl(realm) + "/protocol/openid-connect/auth?" + Http.form(Map.of(
                "client_id", WEB_CLIENT, "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT_URI,
                "state", randomUrlSafe(16), "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        HttpResponse<String> login = Http.send(browser, HttpRequest.newBuilder(URI.create(authUrl)).timeout(Http.TIMEOUT).GET().build());
        remember(cookies, login);
        Matcher link = REGISTRATION_LINK.matcher(login.body());
        if (!link.find()) {
            throw new IllegalStateException("No registration link on the login page: " + login.body());
        }
        HttpResponse<String> form = Http.send(browser, HttpRequest.newBuilder(URI.create(absolute(link.group(1))))
                .timeout(Http.TIMEOUT).header("Cookie", cookieHeader(cookies)).GET().build());
        remember(cookies, form);
        Matcher action = REGISTER_FORM_ACTION.matcher(form.body());
        if (!action.find()) {
            throw new IllegalStateException("No registration form: HTTP " + form.statusCode() + " " + form.body());
        }
        HttpResponse<String> registered = Http.send(browser, HttpRequest.newBuilder(URI.create(absolute(action.group(1))))
                .timeout(Http.TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookieHeader(cookies))
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(fields))).build());
        Optional<String> location = registered.headers().firstValue("Location");
        if (registered.statusCode() != 302 || location.isEmpty() || !location.get().startsWith(REDIRECT_URI)) {
            return new BrowserLogin(Optional.empty(), registered.statusCode(), registered.body());
        }
        String code = queryParameters(URI.create(location.get()).getRawQuery()).get("code");
        HttpResponse<String> tokens = Http.postForm(browser, tokenEndpoint(realm), Map.of("grant_type", "authorization_code",
                "client_id", WEB_CLIENT, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", verifier));
        return new BrowserLogin(tokens.statusCode() == 200 ? Optional.of(Http.json(tokens.body())) : Optional.empty(),
                tokens.statusCode(), tokens.body());
    }

    private String absolute(String href) {
        String url = href.replace("&amp;", "&");
        return url.startsWith("/") ? server.baseUrl() + url : url;
    }

    /** The claims of a JWT (not verified: the tests read what Keycloak issued to them). */
    public static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return Http.json(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    /**
     * A minimal cookie jar: Keycloak marks its cookies Secure/SameSite, which the JDK's CookieManager will not
     * send back over plain http to 127.0.0.1, while browsers treat localhost as a secure context.
     */
    private static void remember(Map<String, String> cookies, HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    private static String cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private String tokenEndpoint(String realm) {
        return server.realmUrl(realm) + "/protocol/openid-connect/token";
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
