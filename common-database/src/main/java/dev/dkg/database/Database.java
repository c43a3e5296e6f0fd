package dev.dkg.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A bounded pool of connections to the suite's PostgreSQL database, with the schema migrated on open.
 *
 * <p>Every connection has auto-commit off (each user commits or rolls back its own transaction) and bounded
 * waits: a connection is had within {@link #CONNECTION_TIMEOUT_MILLIS} or not at all, a statement or a row
 * lock waits at most a few seconds, and a session left idle inside a transaction (its process frozen or cut
 * off) is ended by the server, which releases its row locks. So when the database is down, callers get an
 * {@link SQLException} quickly instead of hanging, and when it comes back the pool reconnects by itself.
 *
 * <p>The password never comes from the command line or the URL: it is given here (read from a file) or
 * left to the driver, which reads {@code PGPASSFILE} / {@code ~/.pgpass}; {@code PGPASSWORD} and
 * {@code PGUSER} are honoured as libpq would.
 */
public final class Database implements AutoCloseable {
    /** How long a caller waits for a connection before its operation fails. */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    /** How long start-up keeps trying a database that does not answer yet (starting, or slow under load). */
    static final long START_PATIENCE_MILLIS = 30_000;
    /** Applied to every new session: no statement or lock wait is unbounded. */
    static final String SESSION_SETTINGS = "SET statement_timeout = '10s'; SET lock_timeout = '5s'; "
            + "SET idle_in_transaction_session_timeout = '10s'";

    private final HikariDataSource pool;
    private final String description;

    private Database(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /**
     * Opens a pool of at most {@code maxConnections} to {@code url} and migrates the schema.
     *
     * @param password the password, or null to let the driver find one ({@code PGPASSWORD}, {@code .pgpass})
     * @param name what the pool is called in the server's {@code pg_stat_activity} and in logs
     * @throws IllegalArgumentException if {@code url} is not a PostgreSQL JDBC URL or holds a password
     * @throws SchemaException if the schema is newer than this build knows or a migration fails
     * @throws SQLException if the database cannot be reached or refuses the login
     */
    public static Database open(String url, char[] password, String name, int maxConnections) throws SQLException {
        checkUrl(url);
        if (maxConnections < 1 || maxConnections > 100) {
            throw new IllegalArgumentException("database pool size must be from 1 to 100, not " + maxConnections);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        if (!url.contains("user=") && System.getenv("PGUSER") != null) {
            config.setUsername(System.getenv("PGUSER"));
        }
        if (password != null) {
            config.setPassword(new String(password));
        } else if (System.getenv("PGPASSWORD") != null) {
            config.setPassword(System.getenv("PGPASSWORD"));
        }
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(Math.min(2, maxConnections));
        config.setAutoCommit(false);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        // Connect lazily: the first use (the migration below) reports a down database as one clear error.
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql(SESSION_SETTINGS);
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "15");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", name);
        HikariDataSource pool = new HikariDataSource(config);
        Database db = new Database(pool, describe(url));
        long deadline = System.nanoTime() + START_PATIENCE_MILLIS * 1_000_000;
        while (true) {
            try (Connection c = db.connection()) {
                Schema.migrate(c);
                return db;
            } catch (java.sql.SQLTransientConnectionException e) {
                // No connection within the timeout and no reason from the driver (refused, bad password):
                // the server is slow, not wrong; worth another try until the start-up deadline.
                if (e.getCause() != null || System.nanoTime() > deadline) {
                    pool.close();
                    throw withCause(e);
                }
            } catch (SQLException | RuntimeException e) {
                pool.close();
                throw e;
            }
        }
    }

    /** A pooled connection with auto-commit off; close it to give it back. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The URL without its parameters, for messages. */
    public String description() {
        return description;
    }

    /** The pool's timeout names no reason; the driver's exception under it does (refused, authentication, ...). */
    static SQLException withCause(SQLException e) {
        Throwable cause = e.getCause();
        if (cause == null || cause.getMessage() == null) {
            return e;
        }
        return new SQLException(e.getMessage() + ": " + cause.getMessage(), e.getSQLState(), e);
    }

    static void checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE): "
                    + describe(url));
        }
        if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&]password=.*")) {
            throw new IllegalArgumentException("the database URL must not hold the password; "
                    + "give it in --database-password-file, PGPASSWORD or ~/.pgpass");
        }
    }

    /** {@code url} cut before its parameters (which could hold anything). */
    static String describe(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public void close() {
        pool.close();
    }
}
