package io.neoagent.bridge.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PKCS12 keystores for the JWT bearer flow, made as an admin makes them: with the JDK's {@code keytool}, a key pair
 * and its self-signed certificate (the one uploaded to the External Client App).
 */
final class TestKeystores {

    private TestKeystores() {}

    /** A keystore holding one key pair of {@code algorithm} (RSA, EC) under {@code alias}, all under one password. */
    static Path keyPair(Path file, String password, String alias, String algorithm) {
        keytool(
                "-genkeypair",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                password,
                "-alias",
                alias,
                "-keyalg",
                algorithm,
                "-dname",
                "CN=neoagent-lead-bridge",
                "-validity",
                "30");
        return file;
    }

    /** A keystore holding only the certificate of {@code source}'s key: what a trust store looks like. */
    static Path certificateOnly(Path source, String password, Path file) {
        Path certificate = file.resolveSibling(file.getFileName() + ".cer");
        keytool(
                "-exportcert",
                "-keystore",
                source.toString(),
                "-storepass",
                password,
                "-alias",
                "bridge",
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                password,
                "-alias",
                "salesforce",
                "-file",
                certificate.toString());
        return file;
    }

    /** {@code source}'s key and certificate stored again, the key under {@code keyPassword}, the store under its own. */
    static Path withKeyPassword(Path source, String password, String keyPassword, Path file) {
        try {
            KeyStore from = load(source, password);
            PrivateKey key = (PrivateKey) from.getKey("bridge", password.toCharArray());
            Certificate[] chain = from.getCertificateChain("bridge");
            KeyStore to = KeyStore.getInstance("PKCS12");
            to.load(null, null);
            to.setKeyEntry("bridge", key, keyPassword.toCharArray(), chain);
            try (OutputStream out = Files.newOutputStream(file)) {
                to.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey publicKey(Path keystore, String password, String alias) {
        try {
            return load(keystore, password).getCertificate(alias).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, password.toCharArray());
            return keystore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
