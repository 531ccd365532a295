package io.neoagent.bridge.inbox;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which database holds the inbox, asked once at start-up: SQLite and PostgreSQL write differently. */
@Component
public class InboxDatabase {

    private final String product;

    public InboxDatabase(DataSource dataSource) {
        String name;
        try (Connection connection = dataSource.getConnection()) {
            name = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            name = "";
        }
        this.product = name.toLowerCase(Locale.ROOT);
    }

    /** SQLite admits one writer at a time. */
    public boolean isSqlite() {
        return product.contains("sqlite");
    }

    /** PostgreSQL claims rows with {@code FOR UPDATE SKIP LOCKED}. */
    public boolean isPostgres() {
        return product.contains("postgres");
    }
}
