package io.neoagent.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesLocationTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseTheConfiguredFolder() throws Exception {
        Files.createDirectories(dir.resolve("edited"));

        assertThat(RoutesLocation.location(dir.resolve("edited").toString(), dir.resolve("routes")))
                .isEqualTo("file:" + dir.resolve("edited"));
    }

    @Test
    void shouldRefuseAConfiguredFolderThatIsNotThere() {
        assertThatThrownBy(() -> RoutesLocation.location(dir.resolve("missing").toString(), dir.resolve("routes")))
                .isInstanceOf(RoutesException.class)
                .hasMessageStartingWith("NEOAGENT_ROUTES_DIR is " + dir.resolve("missing") + ", which is not a folder");
    }

    @Test
    void shouldUseTheRoutesFolderOfTheStartFolderWhenThereIsOne() throws Exception {
        Files.createDirectories(dir.resolve("routes"));

        assertThat(RoutesLocation.location("", dir.resolve("routes"))).isEqualTo("file:" + dir.resolve("routes"));
    }

    @Test
    void shouldFallBackToTheRoutesInsideTheJar() {
        assertThat(RoutesLocation.location(null, dir.resolve("routes"))).isEqualTo("classpath:routes");
    }

    @Test
    void shouldNameTheFileAndLineOfMalformedYaml() throws Exception {
        Files.writeString(dir.resolve("good.camel.yaml"), "- route:\n    id: good\n");
        Files.writeString(dir.resolve("bad.camel.yaml"), "- route:\n    id: bad\n   steps: x\n");

        assertThatThrownBy(() -> RoutesLocation.requireWellFormed(dir))
                .isInstanceOf(RoutesException.class)
                .hasMessageStartingWith(
                        "The route file " + dir.resolve("bad.camel.yaml") + " is not valid YAML at line 3");
    }
}
