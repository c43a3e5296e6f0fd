package dev.dkg.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SchemaTest {
    private final TestPostgres pg = TestPostgres.shared();

    @Test
    void migratesAnEmptyDatabaseOnceAndThenLeavesItAlone() throws Exception {
        String url = pg.createDatabase("schema_once");
        try (Database db = Database.open(url, pg.password().toCharArray(), "test", 2);
             Connection c = db.connection()) {
            assertThat(Schema.version(c)).isEqualTo(Schema.CURRENT);
            assertThat(Schema.migrate(c)).isEqualTo(Schema.CURRENT);
            c.commit();
        }
        try (Connection c = pg.connect(url); ResultSet r = c.createStatement()
                .executeQuery("SELECT count(*) FROM dkg_schema")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(Schema.CURRENT);
        }
    }

    @Test
    void processesStartingTogetherApplyEachMigrationExactlyOnce() throws Exception {
        String url = pg.createDatabase("schema_race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> found = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                found.add(pool.submit((Callable<Integer>) () -> {
                    try (Connection c = pg.connect(url)) {
                        return Schema.migrate(c);
                    }
                }));
            }
            List<Integer> before = new ArrayList<>();
            for (Future<Integer> f : found) {
                before.add(f.get());
            }
            // Exactly one saw the empty database; the others found it migrated.
            assertThat(before).containsOnlyOnce(0).filteredOn(v -> v != 0).containsOnly(Schema.CURRENT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesASchemaNewerThanItKnows() throws Exception {
        String url = pg.createDatabase("schema_newer");
        try (Database db = Database.open(url, pg.password().toCharArray(), "test", 1)) {
            // As a later build would leave it.
        }
        pg.execute(url, "INSERT INTO dkg_schema (version) VALUES (" + (Schema.CURRENT + 1) + ")");
        assertThatThrownBy(() -> Database.open(url, pg.password().toCharArray(), "test", 1))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("version " + (Schema.CURRENT + 1) + ", newer than the " + Schema.CURRENT);
    }

    @Test
    void aRoleWithoutCreateRightsStartsOnAMigratedSchemaButCannotMigrate() throws Exception {
        String url = pg.createDatabase("schema_roles");
        String role = "dist_" + ProcessHandle.current().pid();
        pg.execute(url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                + "CREATE ROLE " + role + " LOGIN PASSWORD 'distributor pw'; END IF; END $$");
        pg.execute(url, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        String asDistributor = url.replaceAll("user=[^&]*", "user=" + role);
        // Before the owner migrated, the distributor's role cannot create the tables: one clear error, no half schema.
        assertThatThrownBy(() -> Database.open(asDistributor, "distributor pw".toCharArray(), "test", 1))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        try (Database owner = Database.open(url, pg.password().toCharArray(), "test", 1)) {
            // Migrated by the owner.
        }
        pg.execute(url, "GRANT SELECT ON key_records, dkg_schema TO " + role
                + "; GRANT SELECT, INSERT, UPDATE ON otp_state TO " + role);
        try (Database db = Database.open(asDistributor, "distributor pw".toCharArray(), "test", 1);
             Connection c = db.connection()) {
            assertThat(Schema.version(c)).isEqualTo(Schema.CURRENT);
        }
    }

    @Test
    void refusesAUrlThatHoldsThePassword() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1/x?user=a&password=secret", null, "t", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not hold the password")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Database.open("jdbc:mysql://127.0.0.1/x", null, "t", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PostgreSQL JDBC URL");
    }

    @Test
    void anUnreachableDatabaseIsOneErrorNotAHang() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/none?user=x", "pw".toCharArray(), "t", 1))
                .isInstanceOf(SQLException.class);
    }
}
