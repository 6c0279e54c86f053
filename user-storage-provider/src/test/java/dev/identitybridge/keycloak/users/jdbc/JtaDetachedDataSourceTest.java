package dev.identitybridge.keycloak.users.jdbc;

import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import javax.transaction.xa.XAResource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JtaDetachedDataSourceTest {

    /** Records, for every Connection call and every connection request, whether a transaction was on the thread. */
    private final List<String> seen = new ArrayList<>();
    private final RecordingTransactions transactions = new RecordingTransactions();

    private JtaDetachedDataSource dataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:detached;DB_CLOSE_DELAY=-1");
        DataSource recording = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        seen.add("getConnection:" + (transactions.current == null ? "none" : "active"));
                    }
                    return method.invoke(h2, args);
                });
        return new JtaDetachedDataSource(recording, transactions);
    }

    @Test
    void theRequestTransactionIsSuspendedForEveryConnectionCallAndResumedAfter() throws Exception {
        Transaction request = new FakeTransaction();
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
        Transaction request = new FakeTransaction();
        transactions.current = request;
        try (Connection connection = dataSource().getConnection()) {
            assertThatThrownBy(() -> connection.prepareStatement("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("NO_SUCH_TABLE");
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

    private static final class RecordingTransactions implements TransactionManager {
        Transaction current;
        int suspensions;
        int resumptions;

        @Override
        public Transaction suspend() {
            suspensions++;
            Transaction suspended = current;
            current = null;
            return suspended;
        }

        @Override
        public void resume(Transaction transaction) {
            resumptions++;
            current = transaction;
        }

        @Override
        public Transaction getTransaction() {
            return current;
        }

        @Override
        public int getStatus() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void begin() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rollback() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setTransactionTimeout(int seconds) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeTransaction implements Transaction {
        @Override
        public void commit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delistResource(XAResource resource, int flag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean enlistResource(XAResource resource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getStatus() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void registerSynchronization(Synchronization sync) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rollback() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }
    }
}
