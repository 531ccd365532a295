package io.neoagent.bridge.inbox;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Makes a SQLite inbox durable and safe for concurrent requests, whatever SQLite URL is configured:
 * write-ahead log with a full sync on every commit (a committed row survives {@code kill -9} and power
 * loss), immediate write transactions with a busy timeout (writers queue instead of failing), and foreign
 * keys on. Also creates the database file's folder, which SQLite will not do. Other databases are left
 * untouched.
 */
@Component
class SqliteDataSourceTuning implements BeanPostProcessor {

    private static final String PREFIX = "jdbc:sqlite:";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource
                && dataSource.getJdbcUrl() != null
                && dataSource.getJdbcUrl().startsWith(PREFIX)) {
            dataSource.addDataSourceProperty("journal_mode", "WAL");
            dataSource.addDataSourceProperty("synchronous", "FULL");
            dataSource.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            dataSource.addDataSourceProperty("busy_timeout", "10000");
            dataSource.addDataSourceProperty("foreign_keys", "true");
            createFolder(dataSource.getJdbcUrl().substring(PREFIX.length()));
        }
        return bean;
    }

    private static void createFolder(String location) {
        String file = location.split("\\?", 2)[0];
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the inbox folder " + parent, e);
        }
    }
}
