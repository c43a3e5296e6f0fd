package dev.dkg.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: one per test JVM, each test in a database of its own
 * ({@link #createDatabase}).
 *
 * <p>With {@code DKG_TEST_DATABASE} set (a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=me},
 * password in {@code DKG_TEST_DATABASE_PASSWORD}) that server is used: its user must be allowed to create
 * databases. Otherwise a throw-away server is made with PostgreSQL's own {@code initdb} and {@code pg_ctl}
 * (Debian's package: {@code /usr/lib/postgresql/VERSION/bin}) in a temporary directory, listening on a free
 * loopback port with password authentication, run as the {@code postgres} system user when the tests run as
 * root (the server refuses root), and stopped when the JVM exits. No binaries and no URL: the test fails,
 * saying how to provide one. It is never skipped.
 */
public final class TestPostgres {
    private static final String USER = "dkg_test";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;

    private TestPostgres(String host, int port, String user, String password, String adminDatabase) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            try {
                String external = System.getenv("DKG_TEST_DATABASE");
                shared = external != null && !external.isBlank() ? external(external.strip()) : startThrowAway();
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("cannot start the test PostgreSQL server: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    private static TestPostgres external(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^jdbc:postgresql://([^:/?]+)(?::([0-9]+))?/([^?]*)(?:\\?(.*))?$").matcher(url);
        if (!m.matches()) {
            throw new AssertionError("DKG_TEST_DATABASE must be jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME], not "
                    + url);
        }
        String user = System.getenv().getOrDefault("PGUSER", System.getProperty("user.name"));
        if (m.group(4) != null) {
            for (String p : m.group(4).split("&")) {
                if (p.startsWith("user=")) {
                    user = p.substring(5);
                }
            }
        }
        String password = System.getenv().getOrDefault("DKG_TEST_DATABASE_PASSWORD", System.getenv("PGPASSWORD"));
        return new TestPostgres(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), user,
                password == null ? "" : password, m.group(3).isEmpty() ? "postgres" : m.group(3));
    }

    private static TestPostgres startThrowAway() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("dkg-test-pg-");
        Path data = dir.resolve("data");
        Path pwFile = dir.resolve("pw");
        String password = "pg-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        Files.writeString(pwFile, password + "\n");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwFile,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), dir, root);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // fsync off: a throw-away server; no test depends on surviving an operating system crash.
        String options = "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir
                + " -c fsync=off -c max_connections=200 -c shared_buffers=32MB";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-o", options, "-w", "-t", "60", "start"), dir, root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), dir, root);
            } catch (IOException | InterruptedException | AssertionError e) {
                // Exiting anyway.
            }
            deleteQuietly(dir);
        }, "test-postgres-stop"));
        return new TestPostgres("127.0.0.1", port, USER, password, "postgres");
    }

    /** PostgreSQL's server binaries: 15 preferred, else the newest installed. */
    private static Path binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        Path preferred = base.resolve("15").resolve("bin");
        if (Files.isExecutable(preferred.resolve("initdb"))) {
            return preferred;
        }
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                Path found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString)).orElse(null);
                if (found != null) {
                    return found;
                }
            } catch (IOException e) {
                // Fall through to the message below.
            }
        }
        throw new AssertionError("these tests need PostgreSQL: no initdb under /usr/lib/postgresql/*/bin. Install the "
                + "server (apt-get install -y postgresql; .ci/run does this), or point DKG_TEST_DATABASE at one: "
                + "DKG_TEST_DATABASE=jdbc:postgresql://HOST:PORT/postgres?user=NAME with the password in "
                + "DKG_TEST_DATABASE_PASSWORD, a user allowed to create databases");
    }

    private static void run(List<String> command, Path dir, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String log = "";
            Path serverLog = dir.resolve("log");
            if (Files.exists(serverLog)) {
                log = "\nserver log:\n" + Files.readString(serverLog);
            }
            throw new AssertionError(String.join(" ", full) + " failed:\n" + new String(output, StandardCharsets.UTF_8)
                    + log);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory.
        }
    }

    /** A new, empty database; returns its JDBC URL (user in the URL, password in {@link #password()}). */
    public String createDatabase(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_" + ProcessHandle.current().pid()
                + "_" + DATABASES.incrementAndGet());
        try (Connection c = DriverManager.getConnection(url(adminDatabase), properties());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create test database " + name + " at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return url(name);
    }

    /** Runs SQL in the database at {@code url} as the test superuser (to set up roles, or to break things). */
    public void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, properties());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, properties());
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("password", password);
        return p;
    }

    /** The URL of database {@code name} on this server, with the user but not the password. */
    public String url(String name) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name + "?user=" + user;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** Writes the password to {@code file} (owner-only), for {@code --database-password-file}. */
    public Path writePasswordFile(Path file) throws IOException {
        Files.writeString(file, password + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing more to do.
        }
        return file;
    }
}
