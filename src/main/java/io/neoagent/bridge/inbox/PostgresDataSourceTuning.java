package io.neoagent.bridge.inbox;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Bounds every wait on a PostgreSQL inbox: connecting, and each read from the server, so a database that stops
 * answering (a dropped network, a hung server) fails a statement instead of holding a thread for ever. The driver
 * has no such limits by default. Values given in the JDBC URL take precedence (the driver reads the URL last).
 */
@Component
class PostgresDataSourceTuning implements BeanPostProcessor {

    private static final String PREFIX = "jdbc:postgresql:";

    /** pgjdbc's settings, in seconds. */
    static final Map<String, String> TIMEOUTS = Map.of(
            "connectTimeout", "10",
            "socketTimeout", "60",
            "loginTimeout", "10",
            "tcpKeepAlive", "true");

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource
                && dataSource.getJdbcUrl() != null
                && dataSource.getJdbcUrl().startsWith(PREFIX)) {
            TIMEOUTS.forEach(dataSource::addDataSourceProperty);
            // a connection from the pool within this, or the statement fails (Hikari's default is 30 s)
            dataSource.setConnectionTimeout(10_000);
        }
        return bean;
    }
}
