package io.neoagent.bridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged bridge running as a separate process, started from the project folder as the README's
 * production command does (the {@code target/app/} layout and JVM options that Failsafe passes in), for tests
 * that must kill or restart it.
 */
public final class BridgeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int managementPort;

    private BridgeProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the jar with {@code dataDir} as its data folder and waits until it is ready. */
    public static BridgeProcess start(Path dataDir, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        BridgeProcess bridge = launch(dataDir, environment, arguments);
        bridge.awaitReady(dataDir.resolve("bridge.log"));
        return bridge;
    }

    /**
     * Starts the jar as {@link #start} does and returns at once, with the ports it will listen on: for tests that
     * watch it start.
     */
    public static BridgeProcess launch(Path dataDir, Map<String, String> environment, String... arguments)
            throws IOException {
        String jar = System.getProperty("bridge.jar", "target/neoagent-lead-bridge.jar");
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the production JVM options from pom.xml (bridge.jvm.options), as the README's production command
        command.addAll(List.of(System.getProperty("bridge.jvm.options", "").split("\\s+")).stream()
                .filter(option -> !option.isBlank())
                .toList());
        command.addAll(List.of(
                "-jar",
                jar,
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--neoagent.data-dir=" + dataDir));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("bridge.log").toFile()));
        builder.environment().remove("NEOAGENT_SIGNING_KEYS");
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().putAll(environment);
        Files.createDirectories(dataDir);
        return new BridgeProcess(builder.start(), port, managementPort);
    }

    /**
     * Starts {@code command} (a {@code java -jar ...}, or the launcher) in {@code folder}, as an operator would: the
     * data folder, {@code application.yaml} and {@code routes/} are the folder's own. Logs to a file beside it.
     */
    public static BridgeProcess startIn(
            Path folder, List<String> command, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        int port = freePort();
        int managementPort = freePort();
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("--server.port=" + port, "--management.server.port=" + managementPort));
        full.addAll(List.of(arguments));
        Files.createDirectories(folder);
        Path log = logBeside(folder);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("NEOAGENT_SIGNING_KEYS");
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().putAll(environment);
        BridgeProcess bridge = new BridgeProcess(builder.start(), port, managementPort);
        bridge.awaitReady(log);
        return bridge;
    }

    /** Runs {@code command} in {@code folder} to its end (at most 60 s); returns its exit code and output. */
    public static Finished run(Path folder, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Files.createDirectories(folder);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "still running after 60 s:\n" + new String(output, java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Finished(process.exitValue(), new String(output, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A command that ran to its end. */
    public record Finished(int exitCode, String output) {}

    /** The log of a bridge started with {@link #startIn}. */
    public static Path logBeside(Path folder) {
        return folder.resolveSibling(folder.getFileName() + ".log");
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void killHard() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Waits until readiness answers 200; fails when the bridge exits first or takes over 90 s, with its log. */
    public void awaitReady(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "the bridge exited with " + process.exitValue() + ":\n" + read(log));
                        }
                        try {
                            return http.send(
                                                    HttpRequest.newBuilder(readiness)
                                                            .build(),
                                                    HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        } catch (IOException notYet) {
                            return false; // still starting
                        }
                    });
        } catch (ConditionTimeoutException notReady) {
            process.destroyForcibly();
            throw new IllegalStateException("the bridge did not become ready in 90 s:\n" + read(log));
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
