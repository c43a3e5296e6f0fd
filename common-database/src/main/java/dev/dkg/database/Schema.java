package dev.dkg.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the database schema to the version this build knows: versioned migrations
 * ({@code migrations/V1.sql}, {@code V2.sql}, ...) applied in order, each recorded in {@code dkg_schema}.
 *
 * <p>Guarantees: migrations run in one transaction under a transaction-scoped advisory lock, so processes
 * starting together apply each exactly once and a failed migration leaves the schema as it was; a
 * database whose schema is newer than this build knows is refused ({@link SchemaException}), never used;
 * a database that is already current gets no DDL at all, so a role without CREATE rights (a distributor's)
 * starts on a schema that the owner's role migrated.
 *
 * <p>This is a small table of our own rather than Flyway: two tables and one version do not need a library
 * (and its dependencies) in every role's class path.
 */
public final class Schema {
    /** The newest schema version this build knows; {@code migrations/V1.sql} up to this one exist. */
    public static final int CURRENT = 1;
    /** Any constant both sides agree on: the advisory lock that serialises migrations. */
    private static final long MIGRATION_LOCK = 0x646b_6700_0000_0001L;

    private Schema() {}

    /**
     * Applies the missing migrations; returns the version found before (0 for an empty database).
     *
     * @throws SchemaException if the database holds a newer schema than {@link #CURRENT}, or a migration
     *     fails (the transaction is rolled back)
     * @throws SQLException if the database cannot be reached or refuses the statements
     */
    public static int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, MIGRATION_LOCK);
                lock.execute();
            }
            int found = version(c);
            if (found > CURRENT) {
                throw new SchemaException("the database schema is version " + found + ", newer than the "
                        + CURRENT + " this build knows; upgrade this program before using that database");
            }
            if (found < CURRENT) {
                if (found == 0) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE dkg_schema (version integer PRIMARY KEY CHECK (version > 0), "
                                + "applied_at timestamptz NOT NULL DEFAULT now())");
                    }
                }
                for (int v = found + 1; v <= CURRENT; v++) {
                    try (Statement s = c.createStatement()) {
                        s.execute(migration(v));
                    }
                    try (PreparedStatement record = c.prepareStatement("INSERT INTO dkg_schema (version) VALUES (?)")) {
                        record.setInt(1, v);
                        record.executeUpdate();
                    }
                }
            }
            c.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The schema version recorded in the database: 0 if it has no {@code dkg_schema} table. */
    public static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet table = s.executeQuery("SELECT to_regclass('dkg_schema') IS NOT NULL")) {
            table.next();
            if (!table.getBoolean(1)) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet max = s.executeQuery("SELECT coalesce(max(version), 0) FROM dkg_schema")) {
            max.next();
            return max.getInt(1);
        }
    }

    /** The SQL of migration {@code version}, from the class path. */
    static String migration(int version) {
        String name = "migrations/V" + version + ".sql";
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The migrations this build applies, in order (for docs and tests). */
    static List<String> migrations() {
        List<String> all = new ArrayList<>();
        for (int v = 1; v <= CURRENT; v++) {
            all.add(migration(v));
        }
        return all;
    }
}
