package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.ConnectionSettings;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPolicyTest {

    @TempDir
    Path dir;

    private static ConnectionPolicy policy(Map<String, String> options) {
        return ConnectionPolicy.parse(options::get);
    }

    @Test
    void withoutOptionsAnyHostIsAllowedAndH2IsRefused() {
        ConnectionPolicy policy = policy(Map.of());
        assertThat(policy).isEqualTo(ConnectionPolicy.defaults());
        assertThat(policy.check("jdbc:postgresql://anywhere.example:1234/app").host())
                .isEqualTo("anywhere.example");
        assertThatThrownBy(() -> policy.check("jdbc:h2:tcp://127.0.0.1/app"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("H2 is not enabled on this server")
                .hasMessageContaining("spi-storage--external-users--allow-h2=true");
        assertThatThrownBy(() -> policy.check("jdbc:h2:file:" + dir + "/app"))
                .hasMessageContaining("H2 is not enabled on this server");
    }

    @Test
    void h2ServersNeedOnlyAllowH2ButFilesNeedTheirDirectory() {
        ConnectionPolicy policy = policy(Map.of("allow-h2", "true"));
        assertThat(policy.check("jdbc:h2:tcp://127.0.0.1:9092/mem:x;DB_CLOSE_DELAY=-1")
                        .host())
                .isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> policy.check("jdbc:h2:file:" + dir + "/app"))
                .hasMessageContaining("embedded H2 file databases are not enabled")
                .hasMessageContaining("spi-storage--external-users--h2-directory");
    }

    @Test
    void embeddedH2FilesMustLieInTheOperatorsDirectory() {
        ConnectionPolicy policy = policy(Map.of("allow-h2", "TRUE", "h2-directory", dir.toString()));
        assertThat(policy.check("jdbc:h2:file:" + dir + "/app").embedded()).isTrue();
        assertThat(policy.check("jdbc:h2:" + dir + "/sub/app;MODE=PostgreSQL").path())
                .endsWith("/sub/app");
        for (String outside : new String[] {
            "jdbc:h2:file:" + dir + "/../escape",
            "jdbc:h2:file:/tmp/elsewhere",
            "jdbc:h2:file:" + dir,
            "jdbc:h2:~/app",
            "jdbc:h2:./relative/app"
        }) {
            assertThatThrownBy(() -> policy.check(outside))
                    .as(outside)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("must lie in the directory the operator allowed")
                    .hasMessageNotContaining(dir.toString());
        }
    }

    @Test
    void relativeH2DirectoryIsResolvedAgainstTheWorkingDirectory() {
        ConnectionPolicy policy = policy(Map.of("allow-h2", "true", "h2-directory", "data/identity-bridge"));
        assertThat(policy.h2Directory())
                .contains(Path.of("data/identity-bridge").toAbsolutePath());
        assertThat(policy.check("jdbc:h2:file:./data/identity-bridge/app-users").embedded())
                .isTrue();
        assertThatThrownBy(() -> policy.check("jdbc:h2:file:./data/h2/keycloakdb"))
                .hasMessageContaining("must lie in the directory");
    }

    @Test
    void allowedHostsRestrictHostsAndOptionallyPorts() {
        ConnectionPolicy policy =
                policy(Map.of("allowed-hosts", " db1.internal, 10.0.0.5:5432 ,[::1]:3306", "allow-h2", "true"));
        assertThat(policy.check("jdbc:postgresql://DB1.internal:6543/app").host())
                .isEqualTo("db1.internal");
        assertThat(policy.check("jdbc:postgresql://10.0.0.5/app").port()).isEqualTo(5432);
        assertThat(policy.check("jdbc:mariadb://[::1]/app").host()).isEqualTo("::1");
        assertThatThrownBy(() -> policy.check("jdbc:postgresql://10.0.0.5:5433/app"))
                .hasMessageContaining("host 10.0.0.5:5433 is not among the database hosts the operator allows");
        assertThatThrownBy(() -> policy.check("jdbc:mysql://db2.internal/app"))
                .hasMessageContaining("db2.internal:3306");
        assertThatThrownBy(() -> policy.check("jdbc:h2:tcp://127.0.0.1/mem:x")).hasMessageContaining("127.0.0.1:9092");
        assertThatThrownBy(() -> policy.check("jdbc:mariadb://[::1]:3307/app")).hasMessageContaining("::1:3307");
    }

    @Test
    void malformedOptionsNameTheOption() {
        assertThatThrownBy(() -> policy(Map.of("allow-h2", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid option spi-storage--external-users--allow-h2: must be true or false");
        assertThatThrownBy(() -> policy(Map.of("allowed-hosts", "db1,user@db2")))
                .hasMessageStartingWith("Invalid option spi-storage--external-users--allowed-hosts: 'user@db2'");
        assertThatThrownBy(() -> policy(Map.of("allowed-hosts", "db1:70000")))
                .hasMessageContaining("between 1 and 65535");
    }

    @Test
    void onlyTheDatasourcesTheOperatorListsMayBeNamed() {
        ConnectionSettings appusers = new ConnectionSettings("", null, null, 1, 10, Duration.ofSeconds(5), "appusers");
        assertThatThrownBy(() -> ConnectionPolicy.defaults().check(appusers))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Datasource 'appusers' refused: it is not among the datasources the operator allows "
                        + "components to use (option spi-storage--external-users--allowed-datasources).");
        ConnectionPolicy policy = policy(Map.of(ConnectionPolicy.ALLOWED_DATASOURCES, " appusers , reports,"));
        assertThat(policy.allowedDatasources()).containsExactlyInAnyOrder("appusers", "reports");
        policy.check(appusers);
        ConnectionSettings other = new ConnectionSettings("", null, null, 1, 10, Duration.ofSeconds(5), "keycloak");
        assertThatThrownBy(() -> policy.check(other)).hasMessageContaining("'keycloak' refused");
        // a component with a JDBC URL is still checked as one
        ConnectionSettings url =
                new ConnectionSettings("jdbc:h2:tcp://127.0.0.1/app", "sa", null, 1, 10, Duration.ofSeconds(5));
        assertThatThrownBy(() -> policy.check(url)).hasMessageContaining("H2 is not enabled");
    }
}
