package io.neoagent.bridge.inbox;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the inbox, part of readiness: the bridge is ready only while the inbox can commit, because success is
 * answered only after a commit. What it can do is {@link InboxWritability}'s: the intake's last commits, or a write
 * probe when there were none, so polling health writes nothing. {@code DOWN} needs no database at all; {@code UP}
 * reads the backlog with one index lookup.
 */
@Component("inboxHealthIndicator")
class InboxHealth implements HealthIndicator {

    private final InboxRepository repository;
    private final InboxWritability writability;

    InboxHealth(InboxRepository repository, InboxWritability writability) {
        this.repository = repository;
        this.writability = writability;
    }

    @Override
    public Health health() {
        InboxWritability.State state = writability.current();
        if (!state.writable()) {
            return Health.down()
                    .withDetail("writable", false)
                    .withDetail("error", state.error())
                    .build();
        }
        try {
            int backlog = repository.countUndelivered();
            return Health.up()
                    .withDetail("writable", true)
                    .withDetail("undelivered", backlog)
                    .build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("writable", false)
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
