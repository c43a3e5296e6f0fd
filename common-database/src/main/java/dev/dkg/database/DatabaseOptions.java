package dev.dkg.database;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.PasswordInput;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * The picocli mixin for the shared database: {@code --database URL}, {@code --database-password-file FILE},
 * {@code --database-pool N}. Failures to open become one-line {@link CliException}s (exit 5).
 */
public final class DatabaseOptions {
    @Option(names = "--database", paramLabel = "JDBC-URL",
            description = "Keep shared state in this PostgreSQL database, e.g. jdbc:postgresql://db:5432/dkg?user=dkg "
                    + "(never the password: see --database-password-file).")
    String url;

    @Option(names = "--database-password-file", paramLabel = "FILE",
            description = "File whose first line is the database password; without it, PGPASSWORD or ~/.pgpass.")
    Path passwordFile;

    @Option(names = "--database-pool", paramLabel = "N",
            description = "Most database connections held at once (default ${DEFAULT-VALUE}).")
    int poolSize = 8;

    /** Sets the options directly, for code that builds the mixin without parsing a command line. */
    /** The JDBC URL given with --database (it holds no password: such a URL is refused), or null. */
    public String url() {
        return url;
    }

    public static DatabaseOptions of(String url, Path passwordFile) {
        DatabaseOptions options = new DatabaseOptions();
        options.url = url;
        options.passwordFile = passwordFile;
        return options;
    }

    /** True if {@code --database} was given. */
    public boolean configured() {
        return url != null;
    }

    /** Opens the pool and migrates the schema; {@code name} labels the connections. */
    public Database open(String name) {
        if (passwordFile == null && url == null) {
            throw new IllegalStateException("--database not given");
        }
        char[] password = passwordFile == null ? null : PasswordInput.fromFile(passwordFile);
        try {
            return Database.open(url, password, name, poolSize);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        } catch (SchemaException e) {
            throw new CliException(ExitCode.IO, "database " + Database.describe(url) + ": " + e.getMessage());
        } catch (SQLException e) {
            throw new CliException(ExitCode.IO, "cannot use database " + Database.describe(url) + ": " + e.getMessage(),
                    "check that PostgreSQL runs there and that the user and password (--database-password-file) are right");
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
