package io.neoagent.bridge.inbox;

import io.neoagent.bridge.TestSupport;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The inbox repository on the default inbox: a real SQLite file. */
class InboxRepositoryOnSqliteTest extends InboxRepositoryContract {

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        TestSupport.sqliteInbox(registry);
    }
}
