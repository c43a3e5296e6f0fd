package dev.dkg.otp.distributor;

import dev.dkg.database.Database;
import dev.dkg.otp.protocol.KeyIds;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Keeps every key's {@link VerificationState} in the shared PostgreSQL table {@code otp_state}, so that all
 * distributors started with the same {@code --database} decide on one state: a code accepted at one is used
 * at all, failures count towards one lock-out wherever they happen, and a key disabled at one is disabled at all.
 *
 * <p>Guarantee: each {@link #update} is one transaction at READ COMMITTED that first takes the key's row
 * with {@code SELECT ... FOR UPDATE} (creating the row if the key has none), decides on what it read, writes
 * the new state and commits before returning. A second transaction on the same key, from any distributor,
 * blocks on the row lock until the first commits or aborts and then reads the committed row: two
 * verifications of one key are never decided on the same state, so a code is accepted at most once. The
 * commit returns only once PostgreSQL has made it durable (its {@code synchronous_commit} setting; see
 * docs/operations.md for replicas). Any failure (database unreachable, lock wait or statement timeout, lost
 * connection before the commit) rolls back and throws {@link StateUnavailableException}: the verifier then
 * reports nothing as accepted. There is no local fallback.
 */
public final class DatabaseVerificationStateStore implements VerificationStateStore {
    private static final String COLUMNS =
            "hotp_verify_counter, hotp_issue_counter, last_totp_step, consecutive_failures, locked_until_ms, disabled";

    private final Database db;

    public DatabaseVerificationStateStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public VerificationState load(String keyId) throws IOException {
        try (Connection c = db.connection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM otp_state WHERE key_id = ?")) {
                s.setString(1, KeyIds.check(keyId));
                try (ResultSet r = s.executeQuery()) {
                    VerificationState state = r.next() ? read(r) : VerificationState.INITIAL;
                    c.commit();
                    return state;
                }
            }
        } catch (SQLException e) {
            throw new StateUnavailableException(e);
        }
    }

    @Override
    public void save(String keyId, VerificationState state) throws IOException {
        update(keyId, current -> new Transition<>(state, null));
    }

    @Override
    public <T> T update(String keyId, Function<VerificationState, Transition<T>> decide) throws IOException {
        KeyIds.check(keyId);
        try (Connection c = db.connection()) {
            try {
                VerificationState current = lockRow(c, keyId);
                if (current == null) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO otp_state (key_id) VALUES (?) ON CONFLICT (key_id) DO NOTHING")) {
                        insert.setString(1, keyId);
                        insert.executeUpdate();
                    }
                    // Ours or another distributor's row (that insert waited for its commit): lock it either way.
                    current = lockRow(c, keyId);
                }
                Transition<T> t = decide.apply(current);
                if (t.next() != null && !t.next().equals(current)) {
                    write(c, keyId, t.next());
                }
                c.commit();
                return t.result();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new StateUnavailableException(e);
        }
    }

    private static VerificationState lockRow(Connection c, String keyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM otp_state WHERE key_id = ? FOR UPDATE")) {
            s.setString(1, keyId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? read(r) : null;
            }
        }
    }

    private static VerificationState read(ResultSet r) throws SQLException {
        try {
            return new VerificationState(r.getLong(1), r.getLong(2), r.getLong(3), r.getInt(4), r.getLong(5),
                    r.getBoolean(6));
        } catch (IllegalArgumentException e) {
            // The table's CHECK constraints make this unreachable unless they were dropped.
            throw new SQLException("otp_state holds an impossible state: " + e.getMessage(), e);
        }
    }

    private static void write(Connection c, String keyId, VerificationState next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE otp_state SET hotp_verify_counter = ?, "
                + "hotp_issue_counter = ?, last_totp_step = ?, consecutive_failures = ?, locked_until_ms = ?, "
                + "disabled = ?, updated_at = now() WHERE key_id = ?")) {
            s.setLong(1, next.hotpVerifyCounter());
            s.setLong(2, next.hotpIssueCounter());
            s.setLong(3, next.lastAcceptedTotpStep());
            s.setInt(4, next.consecutiveFailures());
            s.setLong(5, next.lockedUntilEpochMilli());
            s.setBoolean(6, next.disabled());
            s.setString(7, keyId);
            if (s.executeUpdate() != 1) {
                throw new SQLException("otp_state row of key " + keyId + " vanished under its lock");
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is gone; the server aborts the transaction with it.
        }
    }
}
