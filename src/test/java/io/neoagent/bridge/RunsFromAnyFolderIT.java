package io.neoagent.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bridge as an operator deploys it: copied alone into an empty folder, started there, it runs on the
 * defaults inside the jar (settings, routes, templates, migrations, SQLite under ./data); an edited routes folder
 * replaces the built-in routes; routes it cannot run stop it with one clear line.
 */
class RunsFromAnyFolderIT {

    private static final String KEY = "any-folder-key";
    private static final Map<String, String> ENVIRONMENT = Map.of("NEOAGENT_SIGNING_KEYS", KEY);

    @TempDir
    Path temp;

    private List<String> javaJar(Path jar, String... arguments) {
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Only the jar, in a folder of its own. */
    private Path copyOfTheJar(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path jar = folder.resolve("neoagent-lead-bridge.jar");
        Files.copy(Path.of(System.getProperty("bridge.fat-jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    private static String send(BridgeProcess bridge, String firstName) {
        String lead = "{\"SerialNumber\":\"anywhere\",\"Type\":\"Lead\",\"FirstName\":\"" + firstName
                + "\",\"ID session\":1}";
        return new WebhookClient(bridge.port())
                .post(SignedRequest.of(lead).signedWith(KEY).at(Instant.now()))
                .body();
    }

    private static int storedEvents(Path folder) throws Exception {
        try (Connection inbox = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("data/inbox.db"));
                ResultSet rows = inbox.createStatement().executeQuery("SELECT COUNT(*) FROM inbox_event")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void shouldRunFromAnEmptyFolderOnTheDefaultsInsideTheJar() throws Exception {
        Path folder = temp.resolve("empty");
        Path jar = copyOfTheJar(folder);

        try (BridgeProcess bridge = BridgeProcess.startIn(folder, javaJar(jar), ENVIRONMENT)) {
            assertThat(send(bridge, "Anywhere")).isEqualTo("{\"status\":\"success\"}");
        }
        assertThat(storedEvents(folder)).isEqualTo(1);
        assertThat(Files.readString(BridgeProcess.logBeside(folder))).contains("Started webhook-intake");
    }

    @Test
    void shouldRunTheProductionLauncherFromAnotherFolder() throws Exception {
        Path folder = temp.resolve("elsewhere");

        try (BridgeProcess bridge =
                BridgeProcess.startIn(folder, List.of(System.getProperty("bridge.launcher")), ENVIRONMENT)) {
            assertThat(send(bridge, "Launched")).isEqualTo("{\"status\":\"success\"}");
        }
        assertThat(storedEvents(folder)).isEqualTo(1);
    }

    @Test
    void shouldRunOnAnEditedCopyOfTheRoutes() throws Exception {
        Path folder = temp.resolve("edited");
        Path jar = copyOfTheJar(folder);
        BridgeProcess.Finished export = BridgeProcess.run(folder, javaJar(jar, "export-routes", "routes"), Map.of());
        assertThat(export.exitCode()).as(export.output()).isZero();
        Path intake = folder.resolve("routes/webhook-intake.camel.yaml");
        assertThat(intake).exists();
        assertThat(folder.resolve("routes/templates/staff-email.html.mustache")).exists();
        Files.writeString(
                intake, Files.readString(intake).replace("Accepted webhook request", "Accepted by the edited route"));

        try (BridgeProcess bridge = BridgeProcess.startIn(folder, javaJar(jar), ENVIRONMENT)) {
            assertThat(send(bridge, "Edited")).isEqualTo("{\"status\":\"success\"}");
        }
        assertThat(Files.readString(BridgeProcess.logBeside(folder))).contains("Accepted by the edited route");
        // exporting again leaves the edited copy alone
        assertThat(BridgeProcess.run(folder, javaJar(jar, "export-routes", "routes"), Map.of())
                        .exitCode())
                .isZero();
        assertThat(Files.readString(intake)).contains("Accepted by the edited route");
    }

    @Test
    void shouldRefuseToStartWithoutTheWebhookRouteInOneClearLine() throws Exception {
        Path folder = temp.resolve("no-webhook");
        Path jar = copyOfTheJar(folder);
        assertThat(BridgeProcess.run(folder, javaJar(jar, "export-routes", "routes"), Map.of())
                        .exitCode())
                .isZero();
        Files.delete(folder.resolve("routes/webhook-intake.camel.yaml"));

        BridgeProcess.Finished start =
                BridgeProcess.run(folder, javaJar(jar, "--server.port=0", "--management.server.port=0"), ENVIRONMENT);

        assertThat(start.exitCode()).isNotZero();
        assertThat(start.output())
                .contains("The routes in routes/ have no route with id webhook-intake (webhook-intake.camel.yaml)")
                .doesNotContain("\tat org.");
    }

    @Test
    void shouldRefuseToStartOnARouteFileThatDoesNotParseNamingTheFileAndLine() throws Exception {
        Path folder = temp.resolve("broken");
        Path jar = copyOfTheJar(folder);
        assertThat(BridgeProcess.run(folder, javaJar(jar, "export-routes", "routes"), Map.of())
                        .exitCode())
                .isZero();
        Files.writeString(
                folder.resolve("routes/lead-email.camel.yaml"), "- route:\n    id: lead-email\n    from: [unclosed\n");

        BridgeProcess.Finished start =
                BridgeProcess.run(folder, javaJar(jar, "--server.port=0", "--management.server.port=0"), ENVIRONMENT);

        assertThat(start.exitCode()).isNotZero();
        assertThat(start.output())
                .contains("The route file routes/lead-email.camel.yaml is not valid YAML at line")
                .doesNotContain("\tat org.");
    }

    @Test
    void shouldRefuseToStartOnAnUnknownStepNamingTheFileAndLine() throws Exception {
        Path folder = temp.resolve("unknown-step");
        Path jar = copyOfTheJar(folder);
        assertThat(BridgeProcess.run(folder, javaJar(jar, "export-routes", "routes"), Map.of())
                        .exitCode())
                .isZero();
        Files.writeString(
                folder.resolve("routes/lead-email.camel.yaml"),
                "- route:\n    id: lead-email\n    from:\n      uri: direct:lead-email\n      steps:\n        - sendItSomehow:\n            to: x\n");

        BridgeProcess.Finished start =
                BridgeProcess.run(folder, javaJar(jar, "--server.port=0", "--management.server.port=0"), ENVIRONMENT);

        assertThat(start.exitCode()).isNotZero();
        assertThat(start.output())
                .contains(
                        "A route does not load: Unknown node id: sendItSomehow",
                        "in file:routes/lead-email.camel.yaml, line 6")
                .doesNotContain("\tat org.");
    }
}
