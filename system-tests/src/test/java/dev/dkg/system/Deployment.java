package dev.dkg.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away installation of the suite in one directory, driven only through scripts/ as a user would:
 * a CA and identities made with scripts/pki.sh, roles started with their launchers, all stopped on close.
 */
public final class Deployment implements AutoCloseable {
    /** Small keys keep the suite fast; the size does not change any code path. */
    static final String TEST_RSA_BITS = "2048";

    private final Path root;
    private final Path scripts;
    private final Path dir;
    private final List<RoleProcess> started = new ArrayList<>();

    public Deployment(Path dir) throws IOException {
        this.root = Path.of(System.getProperty("project.root")).toAbsolutePath().normalize();
        this.scripts = root.resolve("scripts");
        this.dir = dir;
        Files.writeString(passwordFile(), "test password for the system tests\n");
        Files.writeString(caPasswordFile(), "the test CA's own password\n");
    }

    public Path dir() {
        return dir;
    }

    public Path passwordFile() {
        return dir.resolve("pw");
    }

    /** The CA's password: pki issue refuses an identity password equal to it. */
    public Path caPasswordFile() {
        return dir.resolve("ca-pw");
    }

    public Path pki() {
        return dir.resolve("pki");
    }

    /** Creates the CA (once) and then an identity for each name with the given role. */
    public Deployment identities(String role, String... names) throws Exception {
        if (!Files.exists(pki().resolve("ca.pem"))) {
            runOk("pki", "init-ca", "--dir", pki().toString(), "--password-file", caPasswordFile().toString(),
                    "--rsa-bits", TEST_RSA_BITS);
        }
        // One JVM for all the names: --name a,b,c.
        // The usual bound per identity: one key pair each.
        runOk(Duration.ofSeconds(120L * names.length), "pki", "issue", "--dir", pki().toString(), "--name",
                String.join(",", names), "--role", role, "--password-file", passwordFile().toString(),
                "--ca-password-file", caPasswordFile().toString(), "--rsa-bits", TEST_RSA_BITS);
        return this;
    }

    /** The options every role takes to load its identity and trust the CA. */
    public List<String> identityArgs(String name) {
        return List.of("--identity", pki().resolve(name + ".p12").toString(),
                "--password-file", passwordFile().toString(), "--trust", pki().resolve("ca.pem").toString());
    }

    /** Starts {@code scripts/<script>.sh args…} in the deployment directory. */
    public RoleProcess start(String script, List<String> args) throws IOException {
        return start(script, args, "");
    }

    /**
     * Starts the role on the JDK's crypto whatever the environment says, for checks that a process on one
     * provider interoperates with peers on the other.
     */
    public RoleProcess startOnJdkCrypto(String script, List<String> args) throws IOException {
        return start(script, args, " -Ddkg.crypto.provider=jdk");
    }

    private RoleProcess start(String script, List<String> args, String extraJavaOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(scripts.resolve(script + ".sh").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        // No -XX:TieredStopAtLevel=1: without C2, BigInteger has no intrinsics and every RSA key generation (pki)
        // took 25-30 s instead of 4 s on 2 cores, which cost far more than C1's faster start saves.
        pb.environment().put("JAVA_OPTS", "-XX:+UseSerialGC" + extraJavaOptions);
        RoleProcess p = new RoleProcess(script, pb.start());
        started.add(p);
        return p;
    }

    public RoleProcess start(String script, String... args) throws IOException {
        return start(script, List.of(args));
    }

    /** Runs a command to completion and returns it (exit code via {@link RoleProcess#awaitExit}). */
    public RoleProcess run(String script, String... args) throws Exception {
        RoleProcess p = start(script, args);
        p.awaitExit(Duration.ofSeconds(120));
        return p;
    }

    /** Runs a command and fails the test unless it exits 0. */
    public RoleProcess runOk(String script, String... args) throws Exception {
        return runOk(Duration.ofSeconds(120), script, args);
    }

    /** Runs a command and fails the test unless it exits 0 within {@code timeout}. */
    public RoleProcess runOk(Duration timeout, String script, String... args) throws Exception {
        RoleProcess p = start(script, args);
        int code = p.awaitExit(timeout);
        if (code != 0) {
            throw new AssertionError(script + " " + String.join(" ", args) + " exited " + code + "\n" + p.transcript());
        }
        return p;
    }

    /**
     * The crypto provider a role started by this suite names in {@code --version} and its ready line: the JDK
     * when the suite runs with {@code DKG_CRYPTO_PROVIDER=jdk} or where ACCP has no native build, else ACCP.
     */
    public static String expectedCrypto() {
        String forced = System.getenv("DKG_CRYPTO_PROVIDER");
        boolean nativePlatform = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        return "jdk".equalsIgnoreCase(forced == null ? "" : forced.trim()) || !nativePlatform ? "JDK" : "ACCP 2.4.1";
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Everything every started process printed, for failure messages and secret-leak checks. */
    public String transcripts() {
        StringBuilder b = new StringBuilder();
        for (RoleProcess p : started) {
            b.append(p.transcript()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (RoleProcess p : started) {
            p.close();
        }
    }
}
