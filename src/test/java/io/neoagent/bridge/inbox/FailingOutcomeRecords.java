package io.neoagent.bridge.inbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Makes the inbox's next few records of a success fail as SQLite fails them when another writer holds its lock:
 * the {@code UPDATE} that sets a delivery {@code delivered} throws {@code SQLITE_BUSY} from the JDBC statement,
 * inside the real connection and transaction (which then roll back). Import it into a Spring test and call
 * {@link #failNext(int)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingOutcomeRecords {

    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();

    /** The next {@code times} records of a success fail. */
    public static void failNext(int times) {
        FAILED.set(0);
        FAILURES_LEFT.set(times);
    }

    /** How many records of a success failed since {@link #failNext(int)}. */
    public static int failed() {
        return FAILED.get();
    }

    @Bean
    static BeanPostProcessor failingOutcomeRecordsDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && !(bean instanceof FailingDataSource)
                        ? new FailingDataSource(dataSource)
                        : bean;
            }
        };
    }

    private static final class FailingDataSource extends DelegatingDataSource {

        FailingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return failing(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return failing(super.getConnection(username, password));
        }

        private static Connection failing(Connection connection) {
            return (Connection) Proxy.newProxyInstance(
                    FailingOutcomeRecords.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object result = invoke(connection, method, args);
                        if (method.getName().equals("prepareStatement")
                                && args[0] instanceof String sql
                                && sql.startsWith("UPDATE inbox_delivery")
                                && sql.contains("result_id")) {
                            return failingOnExecute((PreparedStatement) result);
                        }
                        return result;
                    });
        }

        private static PreparedStatement failingOnExecute(PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(
                    FailingOutcomeRecords.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("execute")
                                && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            FAILED.incrementAndGet();
                            throw new SQLiteException(
                                    "[SQLITE_BUSY] The database file is locked (database is locked)",
                                    SQLiteErrorCode.SQLITE_BUSY);
                        }
                        return invoke(statement, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
