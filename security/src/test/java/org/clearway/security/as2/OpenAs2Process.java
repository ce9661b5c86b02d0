package org.clearway.security.as2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.clearway.security.KeyMaterial;

/**
 * Starts {@link OpenAs2Peer} in a child JVM and reads what it wrote. Kept apart from the peer, which
 * links against OpenAS2's classes: this class loads on any test classpath (the routes module's
 * station tests use it too), the peer only on the OpenAS2 runtime.
 */
public final class OpenAs2Process {
    private OpenAs2Process() {
    }

    /**
     * Runs the peer on the OpenAS2 runtime the build copied ({@code runtime}, the security
     * module's {@code target/openas2}) and the security module's test classes; the JVM's output
     * goes to {@code log}. Fails with the output's tail if it fails or takes 60 s.
     */
    public static void run(Path runtime, Path testClasses, Path log, String... args) throws Exception {
        List<String> classpath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(runtime)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> classpath.add(jar.toString()));
        }
        classpath.add(testClasses.toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", String.join(java.io.File.pathSeparator, classpath),
                "org.clearway.security.as2.OpenAs2Peer"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("OpenAS2 peer did not finish in 60 s: " + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("OpenAS2 peer " + args[0] + " failed (exit " + process.exitValue() + "): " + tail(log));
        }
    }

    /** The result file a command wrote. */
    public static Properties results(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        return properties;
    }

    /** A PKCS#12 keystore as the peer reads it (its alias and password). */
    public static void writeKeyStore(KeyMaterial key, Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(OpenAs2Peer.ALIAS, key.privateKey(), OpenAs2Peer.PASSWORD.toCharArray(),
                key.chain().toArray(new Certificate[0]));
        try (var out = Files.newOutputStream(file)) {
            store.store(out, OpenAs2Peer.PASSWORD.toCharArray());
        }
    }

    private static String tail(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.ISO_8859_1);
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }
}
