package io.neoagent.bridge.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * {@code java -jar neoagent-lead-bridge.jar export-routes [folder]}: writes the routes and staff e-mail templates
 * built into the jar to {@code folder} ({@code ./routes} by default), to start editing from. A file that is already
 * there is left as it is, so an edited copy is never overwritten. The bridge then runs on that folder when started
 * from the folder that holds it (or with {@code NEOAGENT_ROUTES_DIR}).
 */
public final class RoutesExport {

    public static final String COMMAND = "export-routes";
    private static final String PREFIX = "routes/";

    private RoutesExport() {}

    /** Writes the built-in routes to {@code folder}; returns the files written, relative to it. */
    public static List<String> export(Path folder) {
        List<String> written = new ArrayList<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(RoutesExport.class.getClassLoader())
                    .getResources("classpath*:" + PREFIX + "**/*.*");
            for (Resource resource : resources) {
                String name = relativeName(resource);
                if (name == null) {
                    continue;
                }
                Path target = folder.resolve(name).normalize();
                if (!target.startsWith(folder.normalize()) || Files.exists(target)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, target);
                }
                written.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the routes to " + folder.toAbsolutePath(), e);
        }
        written.sort(String::compareTo);
        return written;
    }

    /** The path below {@code routes/} of a built-in route or template, or null for anything else. */
    private static String relativeName(Resource resource) throws IOException {
        URI uri = resource.getURI();
        String text = uri.toString();
        int at = text.lastIndexOf("/" + PREFIX);
        if (at < 0 || text.endsWith("/")) {
            return null;
        }
        return text.substring(at + 1 + PREFIX.length());
    }

    /** Runs the command: {@code args[0]} is {@link #COMMAND}, {@code args[1]} the folder (optional). */
    public static void run(String[] args) {
        Path folder = Path.of(args.length > 1 ? args[1] : "routes");
        List<String> written = export(folder);
        System.out.println(
                written.isEmpty()
                        ? "Nothing written: " + folder.toAbsolutePath()
                                + " already holds every built-in route and template."
                        : "Wrote " + written.size() + " files to " + folder.toAbsolutePath() + ": "
                                + String.join(", ", written));
        System.out.println("The bridge runs on them when started in "
                + folder.toAbsolutePath().getParent()
                + (folder.getFileName().toString().equals("routes")
                        ? ""
                        : " with NEOAGENT_ROUTES_DIR=" + folder.toAbsolutePath())
                + ", or anywhere with NEOAGENT_ROUTES_DIR=" + folder.toAbsolutePath() + ".");
    }
}
