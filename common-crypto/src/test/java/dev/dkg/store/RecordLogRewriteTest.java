package dev.dkg.store;

import static dev.dkg.store.LogFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordLog#rewrite}: all old records or all new ones, under a new store id, never a mix. */
class RecordLogRewriteTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("state");
    }

    @Test
    void replacesEveryRecordUnderANewStoreIdAndKeepsAppending() throws Exception {
        byte[] oldId;
        byte[] seenByRewrite = new byte[16];
        try (RecordLog log = RecordLog.open(file())) {
            oldId = log.storeId();
            for (int i = 0; i < 20; i++) {
                log.append(payload(i));
            }
            log.rewrite(newId -> {
                System.arraycopy(newId, 0, seenByRewrite, 0, 16);
                return List.of(payload(100), payload(101));
            }, RANDOM);
            assertThat(log.storeId()).isEqualTo(seenByRewrite).isNotEqualTo(oldId);
            assertThat(log.size()).isEqualTo(2);
            assertThat(log.read(1).payload()).isEqualTo(payload(101));
            assertThat(log.append(payload(102))).isEqualTo(2);
        }
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(log.storeId()).isEqualTo(seenByRewrite);
            assertThat(log.readAll()).extracting(LogRecord::payload)
                    .containsExactly(payload(100), payload(101), payload(102));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state", "state.lock");
        }
    }

    @Test
    void aRewriteThatFailsLeavesTheOldLogWholeAndUsable() throws Exception {
        try (RecordLog log = RecordLog.open(file())) {
            byte[] id = log.storeId();
            log.append(payload(0));
            log.append(payload(1));
            assertThatThrownBy(() -> log.rewrite(newId -> {
                throw new IOException("cannot seal");
            }, RANDOM)).hasMessage("cannot seal");
            List<byte[]> tooBig = new ArrayList<>(List.of(payload(9), new byte[RecordLog.MAX_PAYLOAD_LENGTH + 1]));
            assertThatThrownBy(() -> log.rewrite(newId -> tooBig, RANDOM)).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.storeId()).isEqualTo(id);
            assertThat(log.append(payload(2))).isEqualTo(2);
        }
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(log.readAll()).extracting(LogRecord::payload).containsExactly(payload(0), payload(1), payload(2));
        }
    }

    /** What a crash between writing the new log and renaming it leaves: the old log, plus a stray file. */
    @Test
    void aRewriteCutShortBeforeItsRenameIsIgnoredAndCleanedUpOnOpen() throws Exception {
        try (RecordLog log = RecordLog.open(file())) {
            log.append(payload(0));
        }
        Path stray = dir.resolve(".state.new");
        Files.write(stray, new byte[] {1, 2, 3});
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(log.readAll()).extracting(LogRecord::payload).containsExactly(payload(0));
        }
        assertThat(stray).doesNotExist();
    }
}
