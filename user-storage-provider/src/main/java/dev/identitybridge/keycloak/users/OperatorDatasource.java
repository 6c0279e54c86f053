package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.JtaDetachedDataSource;
import io.agroal.api.AgroalDataSource;
import jakarta.transaction.TransactionManager;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import javax.sql.DataSource;
import org.keycloak.models.KeycloakSession;
import org.keycloak.transaction.JtaTransactionManagerLookup;

/**
 * A datasource the operator declared in Keycloak's own configuration ({@code db-kind-<name>}, {@code db-url-<name>},
 * ...), looked up by name in Quarkus' bean container: the Agroal datasource bean {@code @DataSource("<name>")} that
 * Quarkus creates for every configured datasource, with or without a persistence unit. Its connections are used
 * outside Keycloak's JTA transaction ({@link JtaDetachedDataSource}); it belongs to Keycloak and is never closed here.
 * <p>
 * Quarkus API, not Keycloak SPI: reached by reflection (io.quarkus.arc.Arc, io.quarkus.agroal.DataSource), so the
 * bundle needs nothing at compile time and a change of these names fails with a readable message, not a linkage error.
 *
 * @param dialect taken from the datasource's JDBC URL
 */
record OperatorDatasource(String name, DataSource dataSource, Dialect dialect) {

    /**
     * @throws InvalidConfigException when this server has no such datasource (or it cannot be reached as a bean)
     */
    static OperatorDatasource lookup(KeycloakSession session, String name) {
        AgroalDataSource agroal = bean(name);
        String jdbcUrl = agroal.getConfiguration()
                .connectionPoolConfiguration()
                .connectionFactoryConfiguration()
                .jdbcUrl();
        Dialect dialect;
        try {
            dialect = Dialect.fromJdbcUrl(jdbcUrl);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(
                    "Datasource '" + name + "' is not a " + Dialect.supportedDatabases() + " database.");
        }
        JtaTransactionManagerLookup lookup = session.getProvider(JtaTransactionManagerLookup.class);
        TransactionManager transactions = lookup == null ? null : lookup.getTransactionManager();
        DataSource dataSource = transactions == null ? agroal : new JtaDetachedDataSource(agroal, transactions);
        return new OperatorDatasource(name, dataSource, dialect);
    }

    private static AgroalDataSource bean(String name) {
        Object instance;
        try {
            ClassLoader loader = OperatorDatasource.class.getClassLoader();
            Class<?> arc = Class.forName("io.quarkus.arc.Arc", true, loader);
            Object container = arc.getMethod("container").invoke(null);
            Annotation qualifier =
                    (Annotation) Class.forName("io.quarkus.agroal.DataSource$DataSourceLiteral", true, loader)
                            .getConstructor(String.class)
                            .newInstance(name);
            instance = Class.forName("io.quarkus.arc.ArcContainer", true, loader)
                    .getMethod("select", Class.class, Annotation[].class)
                    .invoke(container, AgroalDataSource.class, new Annotation[] {qualifier});
            Class<?> instanceType = Class.forName("jakarta.enterprise.inject.Instance", true, loader);
            if (!(Boolean) instanceType.getMethod("isResolvable").invoke(instance)) {
                throw undefined(name);
            }
            return (AgroalDataSource) instanceType.getMethod("get").invoke(instance);
        } catch (InvocationTargetException e) {
            // e.g. the datasource is configured but inactive
            throw new InvalidConfigException(
                    "Datasource '" + name + "' cannot be used: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new InvalidConfigException("Datasource '" + name + "' cannot be looked up on this server ("
                    + e.getClass().getSimpleName() + "): operator datasources need Keycloak on Quarkus.");
        }
    }

    private static InvalidConfigException undefined(String name) {
        return new InvalidConfigException("Datasource '" + name + "' is not defined on this server (the operator "
                + "declares it with db-kind-" + name + ", db-url-" + name + ", db-username-" + name
                + " and db-password-"
                + name + ").");
    }
}
