package io.neoagent.bridge.webhook;

import io.neoagent.bridge.TestSupport;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

/** The webhook contract on the default inbox: a real SQLite file. */
class WebhookIntakeOnSqliteTest extends WebhookIntakeContract {

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) throws IOException {
        TestSupport.sqliteInbox(registry);
    }
}
