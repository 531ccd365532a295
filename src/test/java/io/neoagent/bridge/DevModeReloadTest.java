package io.neoagent.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the dev profile, a saved route file is reloaded into the running bridge (here on a copy of routes/). */
@BridgeTest
@ActiveProfiles({"test", "dev"})
@ExtendWith(OutputCaptureExtension.class)
class DevModeReloadTest {

    static final Path ROUTES = copyOfRoutes();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
    }

    @Test
    void shouldReloadAnEditedRouteWithoutRestart(CapturedOutput output) throws Exception {
        Path intake = ROUTES.resolve("webhook-intake.camel.yaml");
        // Saved the way editors save: written whole beside the folder, then renamed over the route file.
        // Files.writeString in place truncates first, and the watcher may read the empty file in between.
        Path edited = Files.createTempFile(ROUTES.getParent(), "webhook-intake-", ".edited");
        Files.writeString(
                edited, Files.readString(intake).replace("Accepted webhook request: ", "Accepted after reload: "));
        Files.move(edited, intake, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            new WebhookClient(port).postSigned("{\"Type\":\"Other\",\"n\":" + System.nanoTime() + "}");
            assertThat(output.getAll()).contains("Accepted after reload: ");
        });
        assertThat(output.getAll()).doesNotContain("Error reloading routes");
    }

    private static Path copyOfRoutes() {
        try {
            Path copy = Files.createTempDirectory("bridge-routes-");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
