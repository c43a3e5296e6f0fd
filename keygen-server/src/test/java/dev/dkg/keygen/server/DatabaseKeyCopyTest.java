package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.database.Database;
import dev.dkg.database.KeyRecordTable;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.KeyStoreVerificationException;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.pki.Identity;
import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLog;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.TestPostgres;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keygen server's copy of key_store in the shared database, read back as a distributor reads it. */
class DatabaseKeyCopyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final TestPostgres pg = TestPostgres.shared();
    private final String url = pg.createDatabase("key_copy");
    private final Database db = open();
    private final KeyRecordTable table = new KeyRecordTable(db);

    @TempDir
    Path dir;

    private Database open() {
        try {
            return Database.open(url, pg.password().toCharArray(), "test", 2);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static KeyRecord key(Identity server) {
        byte[] roundId = new byte[RoundTranscript.ROUND_ID_BYTES];
        RANDOM.nextBytes(roundId);
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        RoundTranscript t = new RoundTranscript(roundId, new byte[RoundTranscript.SEED_BYTES], server.keyId().bytes(),
                server.name(), RoundTranscript.commitment(roundId, server.name(), value), KeyParameters.DEFAULT,
                Instant.now().toEpochMilli(), List.of("alice"), List.of(RoundTranscript.commitment(roundId, "alice", value)));
        return new KeyRecord(Instant.now(), t, value);
    }

    private KeyStoreWriter writer(Path file, DatabaseKeyCopy copy) throws Exception {
        return KeyStoreWriter.open(file, KeygenFixture.SERVER, List.of(KeygenFixture.peer(KeygenFixture.DISTRIBUTOR)), copy);
    }

    @Test
    void everyRecordOfTheFileIsCopiedInOrderAndReadsBackAsTheFileDoes() throws Exception {
        Path file = dir.resolve("key_store");
        KeyRecord first = key(KeygenFixture.SERVER);
        KeyRecord second = key(KeygenFixture.SERVER);
        try (KeyStoreWriter w = writer(file, new DatabaseKeyCopy(table))) {
            w.store(first);
            w.store(second);
        }
        byte[] storeId;
        List<LogRecord> fileRecords;
        try (RecordLog log = RecordLog.open(file)) {
            storeId = log.storeId();
            fileRecords = log.readAll();
        }
        assertThat(table.storeIds()).hasSize(1).first().isEqualTo(storeId);
        assertThat(table.follow(storeId).poll()).isEqualTo(fileRecords);
        try (KeyStoreReader reader = KeyStoreReader.open(table.follow(storeId), KeygenFixture.DISTRIBUTOR, TestPki.trust())) {
            assertThat(reader.poll()).extracting(KeyRecord::keyId).containsExactly(first.keyId(), second.keyId());
        }
    }

    @Test
    void whatTheDatabaseMissedIsCopiedAtTheNextStart() throws Exception {
        Path file = dir.resolve("key_store");
        try (KeyStoreWriter w = writer(file, null)) {
            w.store(key(KeygenFixture.SERVER));
        }
        try (KeyStoreWriter w = writer(file, new DatabaseKeyCopy(table))) {
            // Opening copied the signer record and the key stored without the database.
        }
        byte[] storeId = table.storeIds().get(0);
        assertThat(table.nextNumber(storeId)).isEqualTo(2);
    }

    @Test
    void aDatabaseAheadOfTheFileIsRefused() throws Exception {
        Path file = dir.resolve("key_store");
        try (KeyStoreWriter w = writer(file, new DatabaseKeyCopy(table))) {
            w.store(key(KeygenFixture.SERVER));
        }
        byte[] storeId = table.storeIds().get(0);
        // The file is put back as it was before the key: the database now holds a record the file lacks.
        try (RecordLog log = RecordLog.open(file)) {
            table.insert(storeId, List.of(new LogRecord(2, log.read(1).payload())));
        }
        assertThatThrownBy(() -> writer(file, new DatabaseKeyCopy(table)))
                .isInstanceOf(DatabaseKeyCopy.CopyFailedException.class)
                .hasMessageContaining("the database holds 3 records of " + file + " but the file only 2");
    }

    @Test
    void aRowEditedInTheDatabaseStopsTheReaderAsADamagedFileWould() throws Exception {
        Path file = dir.resolve("key_store");
        try (KeyStoreWriter w = writer(file, new DatabaseKeyCopy(table))) {
            w.store(key(KeygenFixture.SERVER));
        }
        byte[] storeId = table.storeIds().get(0);
        // Whoever can write the table flips one byte of the sealed key record.
        pg.execute(url, "UPDATE key_records SET payload = overlay(payload placing "
                + "decode(lpad(to_hex(get_byte(payload, 40) # 1), 2, '0'), 'hex') from 41 for 1) WHERE record_number = 1");
        try (KeyStoreReader reader = KeyStoreReader.open(table.follow(storeId), KeygenFixture.DISTRIBUTOR, TestPki.trust())) {
            assertThatThrownBy(reader::poll).isInstanceOf(KeyStoreVerificationException.class)
                    .hasMessageContaining("record 1 does not verify");
        }
    }
}
