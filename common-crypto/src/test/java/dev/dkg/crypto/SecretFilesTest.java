package dev.dkg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesNewFileReadableByOwnerOnly() throws Exception {
        Path file = dir.resolve("secret");

        SecretFiles.writeNew(file, "k".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.readString(file)).isEqualTo("k");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "old");

        assertThatThrownBy(() -> SecretFiles.writeNew(file, new byte[] {1}))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
    }

    @Test
    void failedWriteLeavesNoPartialFile() {
        Path file = dir.resolve("secret");

        assertThatThrownBy(() -> SecretFiles.writeNew(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(file).doesNotExist();
    }

    @Test
    void createsMissingDirectoriesOwnerOnly() throws Exception {
        Path nested = dir.resolve("a/b");

        SecretFiles.createPrivateDirectories(nested);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
    }

    @Test
    void leavesAnExistingDirectoryAsItIs() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

        SecretFiles.createPrivateDirectories(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
    }
}
