package io.neoagent.bridge.routes;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Decides where the routes (and the staff e-mail templates beside them) come from, once the configuration is read:
 * the folder {@code NEOAGENT_ROUTES_DIR} names, else {@code ./routes} when the bridge starts in a folder that has
 * one (an integrator's edited copy, or the checkout), else the routes built into the jar. A folder replaces the
 * built-in routes as a whole; {@code java -jar neoagent-lead-bridge.jar export-routes <folder>} writes them out to
 * start editing from ({@link RoutesExport}).
 *
 * <p>Sets {@code camel.main.routes-include-pattern} and {@code neoagent.templates} (read by
 * {@code routes/staff-email.camel.yaml}) unless they are configured explicitly.
 */
public class RoutesLocation implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "neoagentRoutesLocation";
    static final String ROUTES_DIR = "neoagent.routes-dir";
    static final String BUILT_IN = "classpath:routes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = location(environment.getProperty(ROUTES_DIR), Path.of("routes"));
        if (location.startsWith("file:")) {
            requireWellFormed(Path.of(location.substring("file:".length())));
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        SOURCE,
                        Map.of(
                                "camel.main.routes-include-pattern", location + "/*.yaml",
                                "neoagent.templates", location + "/templates",
                                "neoagent.routes-location", location)));
    }

    /** {@code file:<folder>} or {@link #BUILT_IN}. */
    static String location(String configured, Path defaultFolder) {
        if (configured != null && !configured.isBlank()) {
            Path folder = Path.of(configured.strip());
            if (!Files.isDirectory(folder)) {
                throw new RoutesException("NEOAGENT_ROUTES_DIR is " + configured.strip() + ", which is not a folder ("
                        + folder.toAbsolutePath() + ")");
            }
            return "file:" + folder;
        }
        return Files.isDirectory(defaultFolder) ? "file:" + defaultFolder : BUILT_IN;
    }

    /**
     * Every route file of {@code folder} is well-formed YAML: otherwise one line naming the file, the line and the
     * problem, before Camel would fail on it with a stack trace.
     */
    static void requireWellFormed(Path folder) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RoutesException("Cannot read the routes folder " + folder + ": " + e.getMessage());
        }
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                new Yaml(new SafeConstructor(new LoaderOptions()))
                        .loadAll(reader)
                        .forEach(document -> {});
            } catch (MarkedYAMLException malformed) {
                Mark mark =
                        malformed.getProblemMark() != null ? malformed.getProblemMark() : malformed.getContextMark();
                throw new RoutesException("The route file " + file
                        + (mark == null
                                ? ""
                                : " is not valid YAML at line " + (mark.getLine() + 1) + ", column "
                                        + (mark.getColumn() + 1))
                        + ": " + malformed.getProblem());
            } catch (YAMLException | IOException unreadable) {
                throw new RoutesException("The route file " + file + " cannot be read: " + unreadable.getMessage());
            }
        }
    }

    /** After the configuration files are read, so {@code neoagent.routes-dir} may come from any of them. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
