package io.neoagent.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL inbox for tests: the server named by {@value #URL_VARIABLE} (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), one schema per test class, rebuilt from the
 * migrations at start.
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "TEST_POSTGRES_URL";

    private TestPostgres() {}

    public static String url() {
        return System.getenv(URL_VARIABLE);
    }

    /** The server's host and port, as {@link #url()} names them. */
    public static InetSocketAddress address() {
        URI server = URI.create(url().substring("jdbc:".length()));
        return InetSocketAddress.createUnresolved(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
    }

    /** {@link #url()} with the server reached on 127.0.0.1:{@code port} instead (a {@link TcpProxy} in front of it). */
    public static String urlThrough(int port) {
        return url().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
    }

    public static void register(DynamicPropertyRegistry registry, String schema) {
        register(registry, schema, url());
    }

    /** As {@link #register(DynamicPropertyRegistry, String)}, with the server reached at {@code url}. */
    public static void register(DynamicPropertyRegistry registry, String schema, String url) {
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        registry.add("spring.flyway.clean-disabled", () -> "false");
        try {
            String dataDir = Files.createTempDirectory("bridge-pg-").toString();
            registry.add("neoagent.data-dir", () -> dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops whatever an earlier run left in the test schema, then migrates. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class CleanSchema {

        @Bean
        FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                flyway.clean();
                flyway.migrate();
            };
        }
    }
}
