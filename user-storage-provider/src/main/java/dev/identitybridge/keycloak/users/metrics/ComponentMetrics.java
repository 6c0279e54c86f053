package dev.identitybridge.keycloak.users.metrics;

import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one {@code external-users} component on Keycloak's Micrometer registry, tagged {@code realm} (its
 * name) and {@code component} (the component's display name; never a user): lookup and password-check timers with
 * Prometheus buckets, re-hash counters, the availability of its app database and the state of its own pool.
 * Created with the component's runtime and {@linkplain #close() closed} before that runtime is replaced or dropped,
 * which removes every meter it registered: a removed or renamed component leaves no series behind. Close the old
 * object before creating its successor: both register meters of the same names and tags, and the registry would hand
 * the successor the old object's meters.
 */
public final class ComponentMetrics implements AutoCloseable {

    public static final String LOOKUP = "identity_bridge.user.lookup";
    public static final String PASSWORD_CHECK = "identity_bridge.password.check";
    public static final String REHASH = "identity_bridge.rehash";
    public static final String POOL_CONNECTIONS = "identity_bridge.pool.connections";
    public static final String AVAILABLE = "identity_bridge.app.database.available";
    /** Followed by {@code roles} or {@code groups}: {@code identity_bridge_unknown_app_roles_total}. */
    public static final String UNKNOWN_APP_NAMES = "identity_bridge.unknown.app.";

    public static final String REFUSED_APP_NAMES = "identity_bridge.refused.app.";

    /** An indexed lookup answers in a few milliseconds; the guard fails fast; Keycloak gives up after 3 s. */
    static final Duration[] LOOKUP_BUCKETS = durations(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000);
    /** A password check is one hash computation (tens to hundreds of milliseconds) plus a read. */
    static final Duration[] PASSWORD_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);

    private final MeterRegistry registry;
    private final Tags tags;
    private final String algorithm;
    private final Map<LookupOutcome, Timer> lookups = new EnumMap<>(LookupOutcome.class);
    private final Map<PasswordOutcome, Timer> passwordChecks = new EnumMap<>(PasswordOutcome.class);
    /** By replaced format: the counters of every result, registered together at the first re-hash from that format. */
    private final Map<String, Map<RehashResult, Counter>> rehashes = new ConcurrentHashMap<>();

    /** By name ({@code …unknown.app.roles}, {@code …refused.app.groups}, …): registered at the first count. */
    private final Map<String, Counter> appNameCounters = new ConcurrentHashMap<>();

    private final List<Meter> meters = new ArrayList<>();
    private boolean closed;

    /**
     * @param algorithm the configured hash algorithm, the {@code algorithm} tag of the re-hash counter
     */
    public ComponentMetrics(MeterRegistry registry, String realm, String component, String algorithm) {
        this.registry = registry;
        this.tags = Tags.of("realm", realm, "component", component);
        this.algorithm = algorithm;
        for (LookupOutcome outcome : LookupOutcome.values()) {
            lookups.put(
                    outcome,
                    register(Timer.builder(LOOKUP)
                            .description("Lookups of an app user by id, username or email")
                            .tags(tags)
                            .tag("outcome", outcome.tag())
                            .serviceLevelObjectives(LOOKUP_BUCKETS)
                            .register(registry)));
        }
        for (PasswordOutcome outcome : PasswordOutcome.values()) {
            passwordChecks.put(
                    outcome,
                    register(Timer.builder(PASSWORD_CHECK)
                            .description("Password checks of app users: stored hash read, verified, follow-up writes")
                            .tags(tags)
                            .tag("outcome", outcome.tag())
                            .serviceLevelObjectives(PASSWORD_BUCKETS)
                            .register(registry)));
        }
    }

    /** {@code identity_bridge_app_database_available}: 1 unless the last call found the app database unreachable. */
    public void bindAvailability(BooleanSupplier available) {
        gauge(
                AVAILABLE,
                "1 when the app database answered the last call, 0 while it is unreachable",
                Tags.empty(),
                available,
                a -> a.getAsBoolean() ? 1 : 0);
    }

    /** {@code identity_bridge_pool_connections{state}} of the component's own pool (not of an operator datasource). */
    public void bindPool(AgroalDataSource pool) {
        String help = "Connections of the component's own pool, by state";
        gauge(
                POOL_CONNECTIONS,
                help,
                Tags.of("state", "active"),
                pool,
                p -> p.getMetrics().activeCount());
        gauge(
                POOL_CONNECTIONS,
                help,
                Tags.of("state", "idle"),
                pool,
                p -> p.getMetrics().availableCount());
        gauge(
                POOL_CONNECTIONS,
                help,
                Tags.of("state", "waiting"),
                pool,
                p -> p.getMetrics().awaitingCount());
        gauge(
                POOL_CONNECTIONS,
                help,
                Tags.of("state", "max"),
                pool,
                p -> p.getConfiguration().connectionPoolConfiguration().maxSize());
    }

    /** Runs one lookup of an app user and records its time under its {@link LookupOutcome}. */
    public <T> Optional<T> timeLookup(Supplier<Optional<T>> lookup) {
        long started = System.nanoTime();
        LookupOutcome outcome = LookupOutcome.ERROR;
        try {
            Optional<T> found = lookup.get();
            outcome = found.isPresent() ? LookupOutcome.FOUND : LookupOutcome.NOT_FOUND;
            return found;
        } catch (AppDatabaseUnavailableException e) {
            outcome = LookupOutcome.UNAVAILABLE;
            throw e;
        } finally {
            lookups.get(outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    public void passwordCheck(PasswordOutcome outcome, long nanos) {
        passwordChecks.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A matched hash weaker than the configured algorithm was to be re-written after a login.
     *
     * @param from the format of the replaced hash ({@code salted_sha256}, {@code bcrypt}, ...)
     */
    public void rehashed(String from, RehashResult result) {
        Map<RehashResult, Counter> byResult = rehashes.computeIfAbsent(from, f -> {
            synchronized (this) {
                if (closed) {
                    return null;
                }
                Map<RehashResult, Counter> counters = new EnumMap<>(RehashResult.class);
                for (RehashResult r : RehashResult.values()) {
                    counters.put(
                            r,
                            register(Counter.builder(REHASH)
                                    .description(
                                            "Re-writes of a weaker password hash with the configured algorithm after a login")
                                    .tags(tags)
                                    .tag("algorithm", algorithm)
                                    .tag("from", f)
                                    .tag("result", r.tag())
                                    .register(registry)));
                }
                return counters;
            }
        });
        if (byResult != null) {
            byResult.get(result).increment();
        }
    }

    /**
     * App role or group names that name no Keycloak role or group were ignored when a user was loaded:
     * {@code identity_bridge_unknown_app_roles_total} / {@code identity_bridge_unknown_app_groups_total}.
     *
     * @param kind {@code roles} or {@code groups}
     */
    public void unknownAppNames(String kind, int count) {
        countAppNames(
                UNKNOWN_APP_NAMES + kind,
                "App " + kind + " of loaded users with no Keycloak " + kind + " of that name, ignored",
                count);
    }

    /**
     * App role or group names that stand for a Keycloak role or group carrying administration rights were refused when
     * a user was loaded: {@code identity_bridge_refused_app_roles_total} / {@code identity_bridge_refused_app_groups_total}.
     *
     * @param kind {@code roles} or {@code groups}
     */
    public void refusedAppNames(String kind, int count) {
        countAppNames(
                REFUSED_APP_NAMES + kind,
                "App " + kind + " of loaded users that would carry Keycloak's " + "administration rights, refused",
                count);
    }

    private void countAppNames(String name, String help, int count) {
        Counter counter = appNameCounters.computeIfAbsent(name, n -> {
            synchronized (this) {
                return closed
                        ? null
                        : register(
                                Counter.builder(n).description(help).tags(tags).register(registry));
            }
        });
        if (counter != null) {
            counter.increment(count);
        }
    }

    /** Removes every meter of this component from the registry; later recordings go nowhere. */
    @Override
    public synchronized void close() {
        closed = true;
        meters.forEach(registry::remove);
        meters.clear();
    }

    private <T> void gauge(String name, String help, Tags extra, T state, ToDoubleFunction<T> value) {
        register(Gauge.builder(name, state, value)
                .description(help)
                .tags(tags)
                .tags(extra)
                .strongReference(true)
                .register(registry));
    }

    private synchronized <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    private static Duration[] durations(long... millis) {
        Duration[] durations = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            durations[i] = Duration.ofMillis(millis[i]);
        }
        return durations;
    }
}
