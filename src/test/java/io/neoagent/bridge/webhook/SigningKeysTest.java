package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldUseConfiguredKeysTrimmedAndWithoutEmptyOnes() {
        SigningKeys keys = SigningKeys.resolve(List.of(" old-key ", "", "new-key"), dataDir);

        assertThat(keys.keys()).containsExactly("old-key", "new-key");
        assertThat(dataDir.resolve(SigningKeys.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void shouldGenerateOwnerOnlyKeyFileWhenNoneConfigured() throws Exception {
        SigningKeys keys = SigningKeys.resolve(List.of(), dataDir.resolve("nested"));

        Path file = dataDir.resolve("nested").resolve(SigningKeys.GENERATED_KEY_FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(keys.keys()).containsExactly(Files.readString(file).strip());
        assertThat(keys.keys().get(0)).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldReuseGeneratedKeyOnRestart() {
        String first = SigningKeys.resolve(List.of(), dataDir).keys().get(0);
        String second = SigningKeys.resolve(List.of(), dataDir).keys().get(0);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldTightenPermissionsOfExistingKeyFile() throws Exception {
        Path file = dataDir.resolve(SigningKeys.GENERATED_KEY_FILE);
        Files.writeString(file, "handmade-key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(SigningKeys.resolve(List.of(), dataDir).keys()).containsExactly("handmade-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    /** A zip file system has no POSIX permissions, as Windows' has none: the key is still generated and reused. */
    @Test
    void shouldGenerateTheKeyOnAFileSystemWithoutPosixPermissions() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(dataDir.resolve("no-posix.zip"), Map.of("create", "true"))) {
            Path folder = zip.getPath("/data");
            assertThat(zip.supportedFileAttributeViews()).doesNotContain("posix");

            String first = SigningKeys.resolve(List.of(), folder).keys().get(0);
            String second = SigningKeys.resolve(List.of(), folder).keys().get(0);

            assertThat(first).matches("[0-9a-f]{64}").isEqualTo(second);
            assertThat(Files.readString(folder.resolve(SigningKeys.GENERATED_KEY_FILE))
                            .strip())
                    .isEqualTo(first);
        }
    }
}
