package dev.identitybridge.keycloak.identity;

import dev.identitybridge.keycloak.identity.api.BackfillRequest;
import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.ErrorReply;
import dev.identitybridge.keycloak.identity.api.Identifiers;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.identity.api.Json;
import dev.identitybridge.keycloak.identity.api.ResolveRequest;
import dev.identitybridge.keycloak.identity.auth.Caller;
import dev.identitybridge.keycloak.identity.auth.CallerAuthenticator;
import dev.identitybridge.keycloak.identity.auth.Permission;
import dev.identitybridge.keycloak.identity.metrics.Endpoint;
import dev.identitybridge.keycloak.identity.metrics.IdentityMetrics;
import dev.identitybridge.keycloak.identity.usecase.AppUserLinker;
import dev.identitybridge.keycloak.identity.usecase.AppUsers;
import dev.identitybridge.keycloak.identity.usecase.Backfill;
import dev.identitybridge.keycloak.identity.usecase.Resolution;
import dev.identitybridge.keycloak.identity.usecase.ResolveUsers;
import dev.identitybridge.keycloak.identity.usecase.SupportView;
import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import dev.identitybridge.keycloak.users.api.AppUserStores;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/identity}. Every call is authenticated first; every outcome, errors included, is JSON with
 * a documented status (see {@code openapi.json}). Responses are built here, never thrown to Keycloak's error
 * handler (which could render HTML). The app database is written in local transactions that are complete when a
 * method returns; Keycloak's database gets only the outbox rows of provisioned and linked app users (through the
 * published events, in the request's transaction, when the realm uses the outbox listener).
 */
@Produces(MediaType.APPLICATION_JSON)
public class IdentityResource {

    static final String OPENAPI = "META-INF/identity-bridge/openapi.json";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final IdentityConfig config;
    private final CallerAuthenticator authenticator;
    private final IdentityMetrics metrics;

    public IdentityResource(KeycloakSession session, IdentityConfig config, IdentityMetrics metrics) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.config = config;
        this.authenticator = new CallerAuthenticator(session, config.requiredAudience());
        this.metrics = metrics;
    }

    @POST
    @Path("resolve")
    public Response resolve(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return handle(
                Endpoint.RESOLVE,
                "resolve",
                () -> authenticator.serviceAccountWith(new Permission(config.resolveClientId(), config.resolveRole())),
                caller -> {
                    ResolveRequest.Lookup lookup =
                            Json.read(contentType, body, ResolveRequest.class).validate();
                    String subject = lookup instanceof ResolveRequest.ByEmail e
                            ? BoundaryLog.email(e.email())
                            : "authId:" + ((ResolveRequest.ByAuthId) lookup).authId();
                    Resolution resolution;
                    try {
                        resolution =
                                new ResolveUsers(session, realm, appUsers(), linker(caller, "resolve")).resolve(lookup);
                    } catch (IdentityError e) {
                        BoundaryLog.read(
                                "resolve",
                                caller.subject(),
                                subject,
                                e.code().status(),
                                e.code().code());
                        throw e;
                    }
                    return resolved(Endpoint.RESOLVE, caller, subject, resolution);
                });
    }

    @POST
    @Path("bootstrap")
    public Response bootstrap(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return handle(Endpoint.BOOTSTRAP, "bootstrap", authenticator::user, caller -> {
            requireNoBody(contentType, body);
            return resolved(
                    Endpoint.BOOTSTRAP,
                    caller,
                    "authId:" + caller.user().getId(),
                    linker(caller, "bootstrap").findOrProvision(caller.user()));
        });
    }

    @GET
    @Path("users/{userId}")
    public Response user(@PathParam("userId") String userId) {
        return handle(Endpoint.SUPPORT, "users", () -> authenticator.callerWith(Permission.VIEW_USERS), caller -> {
            String appId = Identifiers.require("userId", userId, ResolveRequest.MAX_AUTH_ID_LENGTH);
            SupportView.View view = new SupportView(session, realm, appUsers()).view(appId);
            BoundaryLog.read("users", caller.subject(), "userId:" + appId, 200, "found");
            return json(200, view);
        });
    }

    @POST
    @Path("backfill")
    public Response backfill(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return handle(
                Endpoint.BACKFILL, "backfill", () -> authenticator.callerWith(Permission.MANAGE_USERS), caller -> {
                    BackfillRequest request = body == null || body.isBlank()
                            ? BackfillRequest.empty()
                            : Json.read(contentType, body, BackfillRequest.class);
                    Backfill.Result result = new Backfill(
                                    session,
                                    realm,
                                    appUsers(),
                                    Clock.systemUTC(),
                                    caller.client().getClientId())
                            .run(request, config.backfillBatchSize());
                    if (!result.dryRun()) {
                        result.decisions().forEach(decision -> metrics.backfillDecided(decision.outcome()));
                    }
                    BoundaryLog.write(
                            "backfill",
                            caller.subject(),
                            "run:" + (result.dryRun() ? "dry-run" : result.runId()),
                            200,
                            result.counts().toString());
                    return json(200, result);
                });
    }

    @GET
    @Path("openapi.json")
    public Response openApi() {
        return handle(
                Endpoint.OPENAPI,
                "openapi",
                authenticator::anyCaller,
                caller -> jsonResponse(200, openApiDocument()).build());
    }

    /** Anything else under /identity: a JSON 404 rather than the server's default page. */
    @GET
    @Path("{path:.*}")
    public Response unknownGet() {
        return unknown();
    }

    @POST
    @Path("{path:.*}")
    public Response unknownPost() {
        return unknown();
    }

    private Response unknown() {
        long started = System.nanoTime();
        Response response = error(
                "unknown", null, new IdentityError(ErrorCode.NOT_FOUND, "No such operation of the identity resource."));
        metrics.request(Endpoint.UNKNOWN, response.getStatus(), System.nanoTime() - started);
        return response;
    }

    private Response resolved(Endpoint endpoint, Caller caller, String subject, Resolution resolution) {
        String operation = endpoint.tag();
        metrics.resolved(endpoint, resolution.how());
        int status = resolution.created() ? 201 : 200;
        if (resolution.how() == Resolution.How.FOUND) {
            BoundaryLog.read(operation, caller.subject(), subject, status, "found userId:" + resolution.userId());
        } else {
            BoundaryLog.write(
                    operation,
                    caller.subject(),
                    subject,
                    status,
                    resolution.how().name().toLowerCase() + " userId:" + resolution.userId());
        }
        return json(status, Map.of("userId", resolution.userId()));
    }

    /** Bootstrap takes no input but the token: an empty body, or an empty JSON object. */
    private static void requireNoBody(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        Json.requireJson(contentType);
        if (!body.strip().replaceAll("\\s", "").equals("{}")) {
            throw new IdentityError(
                    ErrorCode.INVALID_REQUEST, "bootstrap takes no body: the caller's token is the input.");
        }
    }

    private interface Authentication {
        Caller authenticate();
    }

    /** Answers one call and records its time under its route and status class. */
    private Response handle(
            Endpoint endpoint, String operation, Authentication authentication, Function<Caller, Response> action) {
        long started = System.nanoTime();
        Response response = answer(operation, authentication, action);
        metrics.request(endpoint, response.getStatus(), System.nanoTime() - started);
        return response;
    }

    private Response answer(String operation, Authentication authentication, Function<Caller, Response> action) {
        Caller caller = null;
        try {
            caller = authentication.authenticate();
            return action.apply(caller);
        } catch (IdentityError e) {
            return error(operation, caller, e);
        } catch (AppDatabaseUnavailableException e) {
            return error(
                    operation,
                    caller,
                    new IdentityError(
                            ErrorCode.APP_DATABASE_UNAVAILABLE, "The app database is unreachable; try again later."));
        } catch (RuntimeException e) {
            BoundaryLog.failed(operation, caller == null ? "-" : caller.subject(), e);
            return error(
                    operation,
                    caller,
                    new IdentityError(ErrorCode.SERVER_ERROR, "The request failed; see the server log."));
        }
    }

    private Response error(String operation, Caller caller, IdentityError e) {
        BoundaryLog.refused(
                operation,
                caller == null ? "-" : caller.subject(),
                e.code().status(),
                e.code().code());
        ErrorReply reply = ErrorReply.of(e, realm.getName(), config.retryAfterSeconds());
        Response.ResponseBuilder builder = jsonResponse(reply.status(), Json.write(reply.body()));
        reply.headers().forEach(builder::header);
        return builder.build();
    }

    private static Response json(int status, Object body) {
        return jsonResponse(status, Json.write(body)).build();
    }

    private static Response.ResponseBuilder jsonResponse(int status, String json) {
        return Response.status(status)
                .entity(json)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private AppUsers appUsers() {
        return new AppUsers(AppUserStores.of(session, realm));
    }

    private AppUserLinker linker(Caller caller, String operation) {
        return new AppUserLinker(session, realm, appUsers(), caller.client().getClientId(), operation);
    }

    static String openApiDocument() {
        try (InputStream in = IdentityResource.class.getClassLoader().getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI + " is missing from the JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
