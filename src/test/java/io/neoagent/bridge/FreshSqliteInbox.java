package io.neoagent.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Gives each application context of a {@link BridgeTest} its own data folder, and with it its own SQLite inbox
 * ({@code spring.datasource.url} defaults to {@code data-dir/inbox.db}). A test's own properties and
 * {@code @DynamicPropertySource} (a PostgreSQL inbox, a folder it reads) still win: this source sits just below them.
 */
public class FreshSqliteInbox implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SOURCE = "fresh-sqlite-inbox";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dir;
        try {
            dir = Files.createTempDirectory("bridge-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MapPropertySource source = new MapPropertySource(
                SOURCE,
                Map.of(
                        "neoagent.data-dir",
                        dir.toString(),
                        "spring.datasource.url",
                        "jdbc:sqlite:" + dir.resolve("inbox.db")));
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
        if (sources.contains(inlined)) {
            sources.addAfter(inlined, source);
        } else {
            sources.addFirst(source);
        }
    }
}
