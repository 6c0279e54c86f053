package dev.identitybridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests the scenarios repeat, each checking that Keycloak answered what it should (the right status and the
 * right app user id), so that a fast wrong answer is a failure and not a good number.
 */
public final class Operations {

    private final BenchClient client;
    private final String baseUrl;

    public Operations(BenchClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl;
    }

    /** {@code POST /realms/{realm}/identity/resolve} by the email of a random user of the first {@code users}. */
    public Operation resolveByEmail(String realm, int users, String token) {
        return () -> {
            int i = random(users);
            JsonNode reply = client.postJson(
                    realmUrl(realm) + "/identity/resolve", token, "{\"email\":\"" + AppUserTable.email(i) + "\"}", 200);
            expect(AppUserTable.appId(i), reply.path("userId").asText(), "userId");
        };
    }

    /** The same by the emails of the given users ({@code <username>@example.org}), round robin. */
    public Operation resolveByEmail(String realm, List<String> usernames, String token) {
        AtomicInteger next = new AtomicInteger();
        return () -> {
            String username = usernames.get(Math.floorMod(next.getAndIncrement(), usernames.size()));
            JsonNode reply = client.postJson(
                    realmUrl(realm) + "/identity/resolve", token, "{\"email\":\"" + username + "@example.org\"}", 200);
            expect(AppUserTable.appIdOf(username), reply.path("userId").asText(), "userId");
        };
    }

    /** The same by authId, the Keycloak subject of a federated user ({@code f:<component>:<app id>}). */
    public Operation resolveByAuthId(String realm, String componentId, int users, String token) {
        return () -> {
            int i = random(users);
            JsonNode reply = client.postJson(
                    realmUrl(realm) + "/identity/resolve",
                    token,
                    "{\"authId\":\"f:" + componentId + ":" + AppUserTable.appId(i) + "\"}",
                    200);
            expect(AppUserTable.appId(i), reply.path("userId").asText(), "userId");
        };
    }

    /** What a service does without Identity Bridge: the admin API's exact email search, reading {@code app_user_id}. */
    public Operation adminApiByEmail(String realm, int users, String token) {
        return () -> {
            int i = random(users);
            JsonNode found =
                    client.get(adminUrl(realm) + "/users?exact=true&email=" + AppUserTable.email(i), token, 200);
            expect("1", String.valueOf(found.size()), "users found");
            expect(
                    AppUserTable.appId(i),
                    found.get(0).path("attributes").path("app_user_id").path(0).asText(),
                    "app_user_id");
        };
    }

    /** {@code POST /identity/bootstrap} with the tokens of users who are already app users (200), round robin. */
    public Operation bootstrapExisting(String realm, List<String> userTokens) {
        AtomicInteger next = new AtomicInteger();
        return () -> {
            String token = userTokens.get(Math.floorMod(next.getAndIncrement(), userTokens.size()));
            if (client.postJson(realmUrl(realm) + "/identity/bootstrap", token, null, 200)
                    .path("userId")
                    .asText()
                    .isEmpty()) {
                throw new IllegalStateException("no userId");
            }
        };
    }

    /** The same with the token of a Keycloak user not yet in the app table (201: provisioned); each token once. */
    public Operation bootstrapNew(String realm, Queue<String> unusedTokens) {
        return () -> {
            String token = unusedTokens.poll();
            if (token == null) {
                throw new Operation.Exhausted();
            }
            if (client.postJson(realmUrl(realm) + "/identity/bootstrap", token, null, 201)
                    .path("userId")
                    .asText()
                    .isEmpty()) {
                throw new IllegalStateException("no userId");
            }
        };
    }

    /** Password grant of the given users, round robin. */
    public Operation passwordLogin(String realm, List<String> usernames) {
        AtomicInteger next = new AtomicInteger();
        return () -> client.passwordToken(
                realmUrl(realm),
                usernames.get(Math.floorMod(next.getAndIncrement(), usernames.size())),
                AppUserTable.PASSWORD);
    }

    /** Password grant of the given users, round robin, with a password that must be refused (400 {@code invalid_grant}). */
    public Operation refusedLogin(String realm, List<String> usernames, String password) {
        AtomicInteger next = new AtomicInteger();
        return () -> client.postForm(
                realmUrl(realm) + "/protocol/openid-connect/token",
                BenchClient.passwordGrant(
                        usernames.get(Math.floorMod(next.getAndIncrement(), usernames.size())), password),
                400);
    }

    /** The admin console's user search, first page: a username prefix that matches exactly 10 users. */
    public Operation adminSearchFirstPage(String realm, int users, String token) {
        return () -> {
            String prefix = String.format("user%06d", random(users / 10));
            JsonNode page = client.get(
                    adminUrl(realm) + "/users?briefRepresentation=true&first=0&max=20&search=" + prefix, token, 200);
            expect("10", String.valueOf(page.size()), "users matching " + prefix);
        };
    }

    /** The admin API's user list without a search term, first page. */
    public Operation adminListFirstPage(String realm, String token) {
        return () -> {
            JsonNode page = client.get(adminUrl(realm) + "/users?briefRepresentation=true&first=0&max=20", token, 200);
            expect("20", String.valueOf(page.size()), "users on the first page");
        };
    }

    /** The admin API's user count; at least the app table's users. */
    public Operation adminCount(String realm, int users, String token) {
        return () -> {
            int count = client.get(adminUrl(realm) + "/users/count", token, 200).asInt();
            if (count < users) {
                throw new IllegalStateException("count " + count + " < " + users);
            }
        };
    }

    private String realmUrl(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    private String adminUrl(String realm) {
        return baseUrl + "/admin/realms/" + realm;
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    private static void expect(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }
}
