package io.neoagent.bridge.webhook;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The webhook contract on the default inbox: a real SQLite file. */
class WebhookIntakeOnSqliteTest extends WebhookIntakeContract {

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("bridge-sqlite-");
        registry.add("neoagent.data-dir", dir::toString);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("inbox.db"));
    }
}
