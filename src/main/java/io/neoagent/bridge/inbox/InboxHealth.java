package io.neoagent.bridge.inbox;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health of the inbox, part of readiness: the bridge is ready only when the inbox can take a write (an
 * update that matches no row still needs the database's write lock), because success is answered only
 * after a commit.
 */
@Component("inboxHealthIndicator")
class InboxHealth implements HealthIndicator {

    private final JdbcTemplate jdbc;

    InboxHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        try {
            jdbc.update("UPDATE inbox_delivery SET id = id WHERE id < 0");
            Integer backlog = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM inbox_delivery WHERE state IN ('pending', 'retrying')", Integer.class);
            return Health.up().withDetail("writable", true).withDetail("undelivered", backlog).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("writable", false).withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
