package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JtaDetachedDataSourceTest {

    /** Records, for every Connection call and every connection request, whether a transaction was on the thread. */
    private final List<String> seen = new ArrayList<>();

    private final RecordingTransactions transactions = new RecordingTransactions();

    private JtaDetachedDataSource dataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:detached;DB_CLOSE_DELAY=-1");
        DataSource recording = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        seen.add("getConnection:" + (transactions.current == null ? "none" : "active"));
                    }
                    return method.invoke(h2, args);
                });
        return new JtaDetachedDataSource(recording, transactions.manager());
    }

    @Test
    void theRequestTransactionIsSuspendedForEveryConnectionCallAndResumedAfter() throws Exception {
        Transaction request = requestTransaction();
        transactions.current = request;

        try (Connection connection = dataSource().getConnection()) {
            assertThat(transactions.current).isSameAs(request);
            connection.setAutoCommit(false);
            connection.prepareStatement("SELECT 1").executeQuery().close();
            connection.commit();
            assertThat(transactions.current).isSameAs(request);
        }
        assertThat(seen).containsExactly("getConnection:none");
        // getConnection, setAutoCommit, prepareStatement, commit, close
        assertThat(transactions.suspensions).isEqualTo(5);
        assertThat(transactions.resumptions).isEqualTo(5);
        assertThat(transactions.current).isSameAs(request);
    }

    @Test
    void aFailingCallStillResumesTheTransaction() throws Exception {
        Transaction request = requestTransaction();
        transactions.current = request;
        try (Connection connection = dataSource().getConnection()) {
            assertThatThrownBy(() -> connection.prepareStatement("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("NO_SUCH_TABLE");
            assertThat(transactions.current).isSameAs(request);
        }
        assertThat(transactions.resumptions).isEqualTo(transactions.suspensions);
    }

    @Test
    void withoutATransactionNothingIsResumed() throws Exception {
        try (Connection connection = dataSource().getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
        assertThat(transactions.suspensions).isEqualTo(3);
        assertThat(transactions.resumptions).isZero();
        assertThat(transactions.current).isNull();
    }

    /** Only suspend, resume and getTransaction are used by the code under test; anything else fails the test. */
    private static final class RecordingTransactions implements InvocationHandler {
        Transaction current;
        int suspensions;
        int resumptions;

        TransactionManager manager() {
            return (TransactionManager) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {TransactionManager.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "suspend" -> {
                    suspensions++;
                    Transaction suspended = current;
                    current = null;
                    return suspended;
                }
                case "resume" -> {
                    resumptions++;
                    current = (Transaction) args[0];
                    return null;
                }
                case "getTransaction" -> {
                    return current;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        }
    }

    /** A request transaction: only its identity matters. */
    private static Transaction requestTransaction() {
        return (Transaction) Proxy.newProxyInstance(
                JtaDetachedDataSourceTest.class.getClassLoader(),
                new Class<?>[] {Transaction.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "request transaction";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
