package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.MembershipMapping;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.JoinTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What an admin's save checks about the role and group join tables: each table and its two columns exist (else the
 * save is refused with a message), the client of {@code roleClient} exists in the realm (else refused), and the indexes
 * the provider's statements need are there. A missing index does not refuse the save (the table works, only slower):
 * it is reported as a warning in the server log with the {@code CREATE INDEX} statement that would create it, and
 * returned for whoever wants to show it.
 */
final class JoinTableCheck {

    private static final Logger LOG = Logger.getLogger(JoinTableCheck.class);

    private JoinTableCheck() {}

    /**
     * @return one readable line per missing index
     * @throws InvalidConfigException when a table, a column or the role client is missing
     */
    static List<String> check(
            KeycloakSession session,
            ComponentModel model,
            ExternalUsersConfig config,
            Connection connection,
            Dialect dialect)
            throws SQLException {
        List<MembershipMapping> mappings = config.memberships().mapped().toList();
        for (MembershipMapping mapping : mappings) {
            JoinTables.userColumnType(connection, mapping, dialect);
            if (mapping.roleClient().isPresent()) {
                RealmModel realm = session.realms().getRealm(model.getParentId());
                if (realm != null
                        && realm.getClientByClientId(mapping.roleClient().get()) == null) {
                    throw new InvalidConfigException("Client '"
                            + mapping.roleClient().get() + "' (option roleClient) does not exist in this realm.");
                }
            }
        }
        List<String> report = new java.util.ArrayList<>();
        for (MembershipMapping mapping : mappings) {
            for (JoinTables.MissingIndex missing : JoinTables.missingIndexes(connection, mapping, dialect)) {
                String message = missing.message(mapping.joinTable().table());
                LOG.warnf("External users component '%s' (%s): %s", model.getName(), model.getId(), message);
                report.add(message);
            }
        }
        return report;
    }
}
