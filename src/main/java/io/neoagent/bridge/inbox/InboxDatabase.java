package io.neoagent.bridge.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

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

    /**
     * An SQL expression for the database's clock now, in epoch milliseconds. Leases are set and compared on this
     * one clock: instances' own clocks differ, and a lease set by a fast one would run out early for the others.
     */
    public String nowMillis() {
        if (isPostgres()) {
            // clock_timestamp(), not now(): now() stands still for the whole transaction
            return "(extract(epoch from clock_timestamp()) * 1000)::bigint";
        }
        return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    }
}
