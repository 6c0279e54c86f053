package dev.identitybridge.keycloak.users;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;

/**
 * After a realm was created from a representation (admin "Create realm" from a file, {@code kc.sh import},
 * {@code --import-realm}), checks each imported {@code external-users} component's app database as an admin's save
 * would, and says in the log which one cannot work yet. The import itself never fails on it.
 */
final class ImportedComponents {

    private static final Logger LOG = Logger.getLogger(ImportedComponents.class);

    private ImportedComponents() {}

    static void report(KeycloakSession session, RealmModel realm) {
        realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(model -> ExternalUsersProviderFactory.PROVIDER_ID.equals(model.getProviderId()))
                .forEach(model -> report(session, realm, model));
    }

    private static void report(KeycloakSession session, RealmModel realm, ComponentModel model) {
        try {
            ExternalUsersProviderFactory.checkAppDatabase(session, model);
            LOG.infof(
                    "External users component '%s' (%s) of realm %s imported; its app database answers.",
                    model.getName(), model.getId(), realm.getName());
        } catch (ComponentValidationException e) {
            Object[] parameters = e.getParameters();
            warn(
                    realm,
                    model,
                    parameters != null && parameters.length > 0 ? String.valueOf(parameters[0]) : e.getMessage());
        } catch (RuntimeException e) {
            warn(realm, model, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void warn(RealmModel realm, ComponentModel model, String problem) {
        LOG.warnf(
                "External users component '%s' (%s) of realm %s was imported but cannot work yet: %s. Its users cannot "
                        + "log in until this is fixed; saving the component in the admin console shows the same message.",
                model.getName(),
                model.getId(),
                realm.getName(),
                problem.endsWith(".") ? problem.substring(0, problem.length() - 1) : problem);
    }
}
