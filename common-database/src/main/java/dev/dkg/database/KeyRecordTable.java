package dev.dkg.database;

import dev.dkg.keygen.KeyStoreRecords;
import dev.dkg.store.LogRecord;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The database copy of keygen servers' key stores (table {@code key_records}): each record of a key_store,
 * byte for byte, under its store id and record number.
 *
 * <p>The table is a transport, not a trust anchor: records stay sealed (reading the table without a
 * distributor's private key reveals no OTP secret) and signed, and a reader verifies them with
 * {@link dev.dkg.keygen.KeyStoreReader} exactly as it would the file, position included. A row edited,
 * moved to another number or copied from another store fails that check.
 */
public final class KeyRecordTable {
    private final Database db;

    public KeyRecordTable(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The number the next record of store {@code storeId} gets: how many it holds (they are numbered from 0). */
    public long nextNumber(byte[] storeId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT coalesce(max(record_number) + 1, 0) FROM key_records WHERE store_id = ?")) {
            s.setBytes(1, storeId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long next = r.getLong(1);
                c.commit();
                return next;
            }
        }
    }

    /**
     * Inserts {@code records} of store {@code storeId}, in one transaction, committed when this returns. A
     * record already there (same store and number) is left alone: copying is idempotent.
     */
    public void insert(byte[] storeId, List<LogRecord> records) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO key_records (store_id, record_number, payload) "
                    + "VALUES (?, ?, ?) ON CONFLICT (store_id, record_number) DO NOTHING")) {
                for (LogRecord record : records) {
                    s.setBytes(1, storeId);
                    s.setLong(2, record.number());
                    s.setBytes(3, record.payload());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every store id the table holds records of, in the order their first record was stored. */
    public List<byte[]> storeIds() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT store_id FROM key_records GROUP BY store_id ORDER BY min(stored_at), store_id");
             ResultSet r = s.executeQuery()) {
            List<byte[]> ids = new ArrayList<>();
            while (r.next()) {
                ids.add(r.getBytes(1));
            }
            c.commit();
            return ids;
        }
    }

    /** Follows the records of store {@code storeId}: each poll returns those stored since, in number order. */
    public KeyStoreRecords follow(byte[] storeId) {
        byte[] id = storeId.clone();
        String name = db.description() + " key_records store " + HexFormat.of().formatHex(id);
        return new KeyStoreRecords() {
            private long next;

            @Override
            public synchronized List<LogRecord> poll() throws IOException {
                List<LogRecord> records = new ArrayList<>();
                try (Connection c = db.connection();
                     PreparedStatement s = c.prepareStatement("SELECT record_number, payload FROM key_records "
                             + "WHERE store_id = ? AND record_number >= ? ORDER BY record_number")) {
                    s.setBytes(1, id);
                    s.setLong(2, next);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            long number = r.getLong(1);
                            if (number != next) {
                                // A gap: the writer copies in order, so the missing record is still coming.
                                break;
                            }
                            records.add(new LogRecord(number, r.getBytes(2)));
                            next++;
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    throw new IOException(name + ": " + e.getMessage(), e);
                }
                return records;
            }

            @Override
            public Optional<byte[]> storeId() {
                return Optional.of(id.clone());
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
                // The pool belongs to the caller.
            }
        };
    }
}
