package dev.dkg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathTest {
    @TempDir
    Path dir;

    private static CliException failure(Path out, boolean overwrite, String overwriteOption) {
        try {
            OutputPath.checkNew(out, "--out", overwrite, overwriteOption);
        } catch (CliException e) {
            return e;
        }
        throw new AssertionError("no failure for " + out);
    }

    @Test
    void missingDirectoryIsNamedWithHowToCreateIt() {
        Path out = dir.resolve("nodir").resolve("x.txt");
        CliException e = failure(out, false, null);
        assertThat(e.exitCode()).isEqualTo(ExitCode.IO);
        assertThat(e.getMessage()).isEqualTo("cannot write " + out + ": the directory " + out.getParent()
                + " does not exist");
        assertThat(e.hint()).contains("mkdir -p " + out.getParent());
    }

    @Test
    void existingFileIsRefusedUnlessOverwriteWasAskedFor() throws Exception {
        Path out = Files.writeString(dir.resolve("x.txt"), "keep");
        CliException e = failure(out, false, "--force");
        assertThat(e.getMessage()).isEqualTo("refusing to overwrite existing file: " + out);
        assertThat(e.hint()).contains("--force");
        assertThatCode(() -> OutputPath.checkNew(out, "--out", true, "--force")).doesNotThrowAnyException();
    }

    @Test
    void aDirectoryOrAFileAsParentIsRefused() throws Exception {
        assertThat(failure(dir, false, null).getMessage()).contains("is a directory");
        Path file = Files.writeString(dir.resolve("f"), "");
        assertThat(failure(file.resolve("x"), false, null).getMessage()).contains("is not a directory");
    }

    @Test
    void dashIsStandardOutputAndANewFileInAnExistingDirectoryPasses() {
        assertThat(OutputPath.isStdout(Path.of("-"))).isTrue();
        assertThatCode(() -> OutputPath.checkNew(Path.of("-"), "--out", false, null)).doesNotThrowAnyException();
        assertThatCode(() -> OutputPath.checkNew(dir.resolve("new.txt"), "--out", false, null))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> OutputPath.checkNew(Path.of("relative-nodir", "x"), "--out", false, null))
                .isInstanceOf(CliException.class);
    }
}
