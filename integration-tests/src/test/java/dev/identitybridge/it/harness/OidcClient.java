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

    private static final Pattern LOGIN_FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    /** The server's root URL: a process of the harness or a container. */
    private final String baseUrl;

    public OidcClient(KeycloakServer server) {
        this(server.baseUrl());
    }

    /** For a server the harness did not start (e.g. a container), by its root URL. */
    public OidcClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Tokens on success, or the error response. */
    public HttpResponse<String> passwordGrant(String realm, String username, String password) {
        return passwordGrant(realm, DIRECT_GRANT_CLIENT, username, password);
    }

    /** The same, for a public client of the realm's own that allows the password grant. */
    public HttpResponse<String> passwordGrant(String realm, String clientId, String username, String password) {
        return Http.postForm(
                Http.client(),
                tokenEndpoint(realm),
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        clientId,
                        "username",
                        username,
                        "password",
                        password,
                        "scope",
                        "openid"));
    }

    /** What a browser login ended with: tokens, or the page Keycloak rendered instead of redirecting back. */
    public record BrowserLogin(Optional<JsonNode> tokens, int status, String page) {}

    /**
     * Runs the authorization-code flow with PKCE S256: opens the authorization URL, posts the login form the
     * server rendered, and exchanges the code from the redirect.
     */
    public BrowserLogin authorizationCodeLogin(String realm, String username, String password) {
        return authorizationCodeLogin(realm, WEB_CLIENT, username, password);
    }

    /** The same, for a public PKCE client of the realm's own that accepts {@link #REDIRECT_URI}. */
    public BrowserLogin authorizationCodeLogin(String realm, String clientId, String username, String password) {
        BrowserFlow flow = new BrowserFlow(realm, clientId);
        String loginPage = flow.open();
        return flow.submit(
                formAction(LOGIN_FORM_ACTION, loginPage),
                Map.of("username", username, "password", password, "credentialId", ""));
    }

    /**
     * Registers a user through the real registration form (opened from the login page's "Register" link) and, when
     * Keycloak accepts it, finishes the flow: tokens on success, otherwise the page with the form's errors.
     */
    public BrowserLogin register(String realm, Map<String, String> fields) {
        BrowserFlow flow = new BrowserFlow(realm, WEB_CLIENT);
        String loginPage = flow.open();
        Matcher link = REGISTRATION_LINK.matcher(loginPage);
        if (!link.find()) {
            throw new IllegalStateException("No registration link on the login page (is registration allowed?)");
        }
        String registrationPage = flow.get(absolute(link.group(1)));
        return flow.submit(formAction(REGISTRATION_FORM_ACTION, registrationPage), fields);
    }

    private static final Pattern REGISTRATION_LINK =
            Pattern.compile("href=\"([^\"]*login-actions/registration[^\"]*)\"");
    private static final Pattern REGISTRATION_FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-register-form\"[^>]*action=\"([^\"]+)\"");

    private String absolute(String href) {
        String url = href.replace("&amp;", "&");
        return url.startsWith("http") ? url : baseUrl + url;
    }

    private static String formAction(Pattern form, String page) {
        Matcher action = form.matcher(page);
        if (!action.find()) {
            throw new IllegalStateException("No such form on the page: " + page);
        }
        return action.group(1).replace("&amp;", "&");
    }

    /**
     * Logs in through an identity provider of the realm (the login page's link for {@code idpAlias}), posting the
     * provider's own login form, and follows Keycloak through the first-broker-login flow back to the app.
     */
    public BrowserLogin brokeredLogin(String realm, String idpAlias, String username, String password) {
        BrowserFlow flow = new BrowserFlow(realm, WEB_CLIENT);
        String loginPage = flow.open();
        Matcher link = Pattern.compile("href=\"([^\"]*/broker/" + Pattern.quote(idpAlias) + "/login[^\"]*)\"")
                .matcher(loginPage);
        if (!link.find()) {
            throw new IllegalStateException("No link to identity provider " + idpAlias + " on the login page");
        }
        HttpResponse<String> providerPage = flow.follow(flow.request(absolute(link.group(1)), null));
        if (providerPage.statusCode() != 200) {
            throw new IllegalStateException("Identity provider login page: HTTP " + providerPage.statusCode());
        }
        return flow.submit(
                formAction(LOGIN_FORM_ACTION, providerPage.body()),
                Map.of("username", username, "password", password, "credentialId", ""));
    }

    /** A browser of its own for {@code realm}: a login, then authorization requests answered by the SSO cookie. */
    public SsoBrowser ssoBrowser(String realm) {
        return new SsoBrowser(realm);
    }

    /** Keeps its cookies across authorization requests of {@link #WEB_CLIENT}. */
    public final class SsoBrowser {
        private final String realm;
        private final Map<String, Map<String, String>> cookies = new java.util.LinkedHashMap<>();

        private SsoBrowser(String realm) {
            this.realm = realm;
        }

        public BrowserLogin login(String username, String password) {
            BrowserFlow flow = new BrowserFlow(realm, WEB_CLIENT, cookies);
            return flow.submit(
                    formAction(LOGIN_FORM_ACTION, flow.open()),
                    Map.of("username", username, "password", password, "credentialId", ""));
        }

        /** A new authorization request: tokens without any form while the SSO session holds, else the page shown. */
        public BrowserLogin reauthenticate() {
            BrowserFlow flow = new BrowserFlow(realm, WEB_CLIENT, cookies);
            return flow.finish(flow.follow(flow.request(flow.authorizationUrl(), null)));
        }
    }

    /**
     * One browser: a path-aware cookie jar (two realms on one host set cookies of the same name on different
     * paths) and a PKCE authorization request, from the authorization URL to the tokens.
     */
    private final class BrowserFlow {
        private final HttpClient browser = Http.client();
        /** path -> (name -> value) */
        private final Map<String, Map<String, String>> cookies;

        private final String realm;
        private final String clientId;
        private final String verifier = randomUrlSafe(48);
        private final String state = randomUrlSafe(16);

        BrowserFlow(String realm, String clientId) {
            this(realm, clientId, new java.util.LinkedHashMap<>());
        }

        BrowserFlow(String realm, String clientId, Map<String, Map<String, String>> cookies) {
            this.realm = realm;
            this.clientId = clientId;
            this.cookies = cookies;
        }

        String authorizationUrl() {
            return KeycloakServer.realmUrl(baseUrl, realm) + "/protocol/openid-connect/auth?"
                    + Http.form(Map.of(
                            "client_id",
                            clientId,
                            "response_type",
                            "code",
                            "scope",
                            "openid",
                            "redirect_uri",
                            REDIRECT_URI,
                            "state",
                            state,
                            "code_challenge",
                            challenge(verifier),
                            "code_challenge_method",
                            "S256"));
        }

        String open() {
            return get(authorizationUrl());
        }

        String get(String url) {
            HttpResponse<String> page = request(url, null);
            if (page.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": HTTP " + page.statusCode() + " " + page.body());
            }
            return page.body();
        }

        /** One request (a form POST when {@code form} is given), cookies sent and remembered, redirects not followed. */
        HttpResponse<String> request(String url, Map<String, String> form) {
            URI uri = URI.create(url);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Http.TIMEOUT);
            if (form == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.form(form)));
            }
            String header = cookieHeader(uri.getPath());
            if (!header.isEmpty()) {
                request.header("Cookie", header);
            }
            HttpResponse<String> response = Http.send(browser, request.build());
            remember(response);
            return response;
        }

        /** Follows redirects within Keycloak until a page, or a redirect to the app's redirect URI. */
        HttpResponse<String> follow(HttpResponse<String> response) {
            for (int hops = 0; hops < 20; hops++) {
                Optional<String> location = response.headers().firstValue("Location");
                if (response.statusCode() / 100 != 3
                        || location.isEmpty()
                        || location.get().startsWith(REDIRECT_URI)) {
                    return response;
                }
                response = request(
                        URI.create(response.uri().toString())
                                .resolve(location.get())
                                .toString(),
                        null);
            }
            throw new IllegalStateException("Too many redirects");
        }

        BrowserLogin submit(String action, Map<String, String> fields) {
            return finish(follow(request(action, fields)));
        }

        /** Tokens when {@code response} redirects to the app with a code, else the page. */
        BrowserLogin finish(HttpResponse<String> response) {
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() != 302
                    || location.isEmpty()
                    || !location.get().startsWith(REDIRECT_URI)) {
                return new BrowserLogin(Optional.empty(), response.statusCode(), response.body());
            }
            Map<String, String> query =
                    queryParameters(URI.create(location.get()).getRawQuery());
            if (!state.equals(query.get("state")) || query.get("code") == null) {
                throw new IllegalStateException("Bad redirect: " + location.get());
            }
            HttpResponse<String> tokens = Http.postForm(
                    browser,
                    tokenEndpoint(realm),
                    Map.of(
                            "grant_type",
                            "authorization_code",
                            "client_id",
                            clientId,
                            "code",
                            query.get("code"),
                            "redirect_uri",
                            REDIRECT_URI,
                            "code_verifier",
                            verifier));
            if (tokens.statusCode() != 200) {
                throw new IllegalStateException("Code exchange: HTTP " + tokens.statusCode() + " " + tokens.body());
            }
            return new BrowserLogin(Optional.of(Http.json(tokens.body())), tokens.statusCode(), "");
        }

        /**
         * Keycloak marks its cookies Secure/SameSite, which the JDK's CookieManager will not send back over plain
         * http to 127.0.0.1, while browsers treat localhost as a secure context: hence this small jar.
         */
        private void remember(HttpResponse<?> response) {
            for (String header : response.headers().allValues("Set-Cookie")) {
                String[] parts = header.split(";");
                String pair = parts[0];
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String path = "/";
                for (int i = 1; i < parts.length; i++) {
                    String attribute = parts[i].trim();
                    if (attribute.regionMatches(true, 0, "path=", 0, 5)) {
                        path = attribute.substring(5);
                    }
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                Map<String, String> jar = cookies.computeIfAbsent(path, p -> new java.util.LinkedHashMap<>());
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    jar.remove(name);
                } else {
                    jar.put(name, value);
                }
            }
        }

        private String cookieHeader(String requestPath) {
            Map<String, String> send = new java.util.LinkedHashMap<>();
            // most specific path last, so that it wins
            cookies.entrySet().stream()
                    .filter(e -> requestPath.startsWith(e.getKey()))
                    .sorted(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                    .forEach(e -> send.putAll(e.getValue()));
            return send.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining("; "));
        }
    }

    /** The claims of a JWT (not verified: the tests read what Keycloak issued to them). */
    public static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return Http.json(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private String tokenEndpoint(String realm) {
        return KeycloakServer.realmUrl(baseUrl, realm) + "/protocol/openid-connect/token";
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(
                        java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    public static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
