package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

/**
 * The factory's server-wide options, read from a real {@link Config.Scope}, and what validation does with a URL
 * before and while connecting: refused without touching the network, or bounded in time with one generic message.
 */
class ExternalUsersProviderFactoryPolicyTest {

    private static final String PREFIX = "identity-bridge-test.";
    private final List<String> properties = new ArrayList<>();

    @AfterEach
    void clearProperties() {
        properties.forEach(System::clearProperty);
    }

    private ExternalUsersProviderFactory factory(String... optionsAndValues) {
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            System.setProperty(PREFIX + optionsAndValues[i], optionsAndValues[i + 1]);
            properties.add(PREFIX + optionsAndValues[i]);
        }
        ExternalUsersProviderFactory factory = new ExternalUsersProviderFactory();
        factory.init(new Config.SystemPropertiesScope(PREFIX));
        return factory;
    }

    private static ComponentModel component(String jdbcUrl) {
        ComponentModel model = new ComponentModel();
        model.setProviderId(ExternalUsersProviderFactory.PROVIDER_ID);
        model.put(ConfigKeys.JDBC_URL, jdbcUrl);
        model.put(ConfigKeys.DB_USER, "sa");
        model.put(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, "1000");
        return model;
    }

    /** The admin-facing message (Keycloak formats "{0}" with it) of an admin's create: validation, then onCreate. */
    private static String refusal(ExternalUsersProviderFactory factory, String jdbcUrl) {
        ComponentModel model = component(jdbcUrl);
        ComponentValidationException e = catchThrowableOfType(ComponentValidationException.class, () -> {
            factory.validateConfiguration(null, null, model);
            factory.onCreate(null, null, model);
        });
        assertThat(e).as("validation of %s must fail", jdbcUrl).isNotNull();
        return String.valueOf(e.getParameters()[0]);
    }

    @Test
    void h2IsRefusedWithoutTheOperatorsOption() throws IOException {
        try (CountingServer server = new CountingServer()) {
            ExternalUsersProviderFactory factory = factory();
            assertThat(factory.policy().allowH2()).isFalse();
            assertThat(refusal(factory, "jdbc:h2:tcp://127.0.0.1:" + server.port() + "/mem:x"))
                    .contains("H2 is not enabled on this server");
            assertThat(server.accepted()).as("no connection opened").isZero();
        }
    }

    @Test
    void optionsAreReadFromTheScope() {
        ExternalUsersProviderFactory factory = factory(
                "allow-h2",
                "true",
                "allowed-hosts",
                "127.0.0.1",
                "h2-directory",
                "/srv/h2",
                "allowed-datasources",
                "appusers");
        assertThat(factory.policy().allowH2()).isTrue();
        assertThat(factory.policy().allowedHosts()).hasSize(1);
        assertThat(factory.policy().h2Directory())
                .hasValueSatisfying(p -> assertThat(p).hasToString("/srv/h2"));
        assertThat(factory.policy().allowedDatasources()).containsExactly("appusers");
        assertThat(factory.getConfigMetadata())
                .extracting(p -> p.getName())
                .contains("allow-h2", "h2-directory", "allowed-hosts", "allowed-datasources");
    }

    @Test
    void aHostTheOperatorDidNotAllowIsNeverContacted() throws IOException {
        try (CountingServer server = new CountingServer()) {
            ExternalUsersProviderFactory factory = factory("allowed-hosts", "db.internal");
            assertThat(refusal(factory, "jdbc:postgresql://127.0.0.1:" + server.port() + "/app"))
                    .contains("is not among the database hosts the operator allows");
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void hostileParametersAreRefusedBeforeAnyConnection() throws IOException {
        try (CountingServer server = new CountingServer()) {
            ExternalUsersProviderFactory factory = factory("allow-h2", "true");
            String hostPort = "127.0.0.1:" + server.port();
            assertThat(refusal(factory, "jdbc:postgresql://" + hostPort + "/app?socketFactory=x.Y"))
                    .contains("'socketFactory'");
            assertThat(refusal(factory, "jdbc:mariadb://" + hostPort + "/app?allowLocalInfile=true"))
                    .contains("'allowLocalInfile'");
            assertThat(refusal(factory, "jdbc:h2:tcp://" + hostPort + "/app;INIT=RUNSCRIPT"))
                    .contains("'INIT'");
            assertThat(server.accepted()).isZero();
        }
    }

    /** Refused, unreachable, never answering: the admin sees the same words, so validation is no port scanner. */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://%s/app", "jdbc:mariadb://%s/app", "jdbc:h2:tcp://%s/mem:x"})
    void networkFailuresLookAlikeAndAreBoundedInTime(String template) throws IOException {
        ExternalUsersProviderFactory factory = factory("allow-h2", "true");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(refusal(factory, template.formatted("127.0.0.1:" + closedPort)))
                .isEqualTo(ExternalUsersProviderFactory.NETWORK_FAILURE);
        assertThat(refusal(factory, template.formatted("no-such-host.invalid")))
                .isEqualTo(ExternalUsersProviderFactory.NETWORK_FAILURE);
        try (CountingServer silent = new CountingServer()) {
            long started = System.nanoTime();
            assertThat(refusal(factory, template.formatted("127.0.0.1:" + silent.port())))
                    .isEqualTo(ExternalUsersProviderFactory.NETWORK_FAILURE);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(silent.accepted()).as("the driver did connect").isPositive();
            assertThat(millis)
                    .as("a server that never answers holds validation for %d ms", millis)
                    .isLessThan(8_000);
        }
    }

    /** Accepts connections, counts them, and never writes a byte. */
    static final class CountingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new ArrayList<>();

        CountingServer() throws IOException {
            Thread acceptor = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try {
                                Socket s = socket.accept();
                                accepted.incrementAndGet();
                                synchronized (open) {
                                    open.add(s);
                                }
                                drain(s);
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void drain(Socket s) {
            Thread reader = new Thread(() -> {
                try (InputStream in = s.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the client gave up
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
