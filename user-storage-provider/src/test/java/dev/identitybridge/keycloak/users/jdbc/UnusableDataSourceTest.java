package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A component without a usable database behaves like one whose database is down: fail fast, no SQL. */
class UnusableDataSourceTest {

    @Test
    void everyConnectionFailsAsAConnectionError() {
        UnusableDataSource dataSource = new UnusableDataSource("the JDBC URL is the unresolved placeholder ${X}");
        SQLException e = catchThrowableOfType(SQLException.class, dataSource::getConnection);
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(e.getMessage()).contains("unresolved placeholder ${X}");
        assertThat(AvailabilityGuard.isConnectionFailure(e)).isTrue();
    }

    @Test
    void repositoryLookupsReportTheStoreUnavailableAndThenFailFast() {
        TableMapping mapping = new TableMapping(
                "users",
                "id",
                "username",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                AttributeColumns.NONE);
        AvailabilityGuard guard = new AvailabilityGuard();
        AppUserRepository repository =
                new AppUserRepository(new UnusableDataSource("no database"), mapping, Dialect.POSTGRESQL, guard);
        assertThatThrownBy(() -> repository.findByUsername("alice"))
                .isInstanceOf(AppDatabaseUnavailableException.class);
        assertThatThrownBy(guard::checkAvailable)
                .isInstanceOf(AppDatabaseUnavailableException.class)
                .hasMessageContaining("retrying shortly");
    }
}
