package io.neoagent.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the Spring tests share: a fresh SQLite inbox file and free ports. */
public final class TestSupport {

    private TestSupport() {}

    /** Points the bridge at a new data folder with its own SQLite inbox; returns the folder. */
    public static Path sqliteInbox(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("bridge-test-");
            registry.add("neoagent.data-dir", dir::toString);
            registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("inbox.db"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
