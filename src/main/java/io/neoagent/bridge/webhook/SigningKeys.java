package io.neoagent.bridge.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the webhook is verified with: {@code NEOAGENT_SIGNING_KEYS} when set, otherwise a key
 * generated once and kept in the data folder, readable by its owner only, so the bridge runs on its
 * defaults and stays secure. The log says where the key file is; the key itself is never logged.
 */
public final class SigningKeys {

    /** Name of the generated key's file inside the data folder. */
    public static final String GENERATED_KEY_FILE = "signing-key";

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final List<String> keys;

    private SigningKeys(List<String> keys) {
        this.keys = List.copyOf(keys);
    }

    public List<String> keys() {
        return keys;
    }

    /** The configured keys, or the generated key from {@code dataDir} (created on first use). */
    public static SigningKeys resolve(List<String> configured, Path dataDir) {
        List<String> keys = configured.stream()
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .toList();
        if (!keys.isEmpty()) {
            LOG.info("Verifying webhook signatures with {} configured key(s)", keys.size());
            return new SigningKeys(keys);
        }
        Path file = dataDir.resolve(GENERATED_KEY_FILE).toAbsolutePath().normalize();
        String key = readOrGenerate(file);
        LOG.warn(
                "NEOAGENT_SIGNING_KEYS is not set: verifying webhook signatures with the generated key in {}."
                        + " Enter that key in the neoagent workspace, or set NEOAGENT_SIGNING_KEYS to the workspace's key.",
                file);
        return new SigningKeys(List.of(key));
    }

    private static String readOrGenerate(Path file) {
        try {
            Files.createDirectories(file.getParent());
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            try {
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(file);
                    restrictToOwner(file);
                }
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException existing) {
                if (posix) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                } else {
                    restrictToOwner(file);
                }
            }
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                throw new IllegalStateException(
                        "The signing key file " + file + " is empty: delete it to generate a new key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the signing key file " + file, e);
        }
    }

    /**
     * Without POSIX permissions (Windows): an access list granting the file's owner alone, where the file system
     * keeps one; otherwise the file stays as the folder's defaults make it, and the log says so.
     */
    private static void restrictToOwner(Path file) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl != null) {
            UserPrincipal owner = Files.getOwner(file);
            acl.setAcl(List.of(AclEntry.newBuilder()
                    .setType(AclEntryType.ALLOW)
                    .setPrincipal(owner)
                    .setPermissions(AclEntryPermission.values())
                    .build()));
            return;
        }
        LOG.warn(
                "The file system of {} keeps no file permissions: make sure only the bridge's user can read that folder",
                file);
    }
}
