package dev.dkg.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one check every {@code --out FILE} gets before any slow or remote work (a key store read, holders asked
 * for their shares): the directory exists and is writable, and the file is new unless overwriting was asked
 * for. A mistyped path then fails at once with what to do, not after the work is done and lost.
 * {@code -} names standard output, for commands whose output is text.
 */
public final class OutputPath {
    /** The value of {@code --out} that means standard output. */
    public static final String STDOUT = "-";

    private OutputPath() {}

    public static boolean isStdout(Path out) {
        return out.toString().equals(STDOUT);
    }

    /**
     * Checks that {@code out} can be created. {@code overwriteOption} is the option that allows replacing an
     * existing file ({@code "--force"}), or null where nothing is ever overwritten.
     *
     * @throws CliException exit 5 naming the missing directory, the non-directory, the unwritable directory or
     *     the existing file
     */
    public static void checkNew(Path out, String option, boolean overwrite, String overwriteOption) {
        if (isStdout(out)) {
            return;
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(out)) {
            throw new CliException(ExitCode.IO, option + " " + out + " is a directory, not a file",
                    "give a file name inside it, e.g. " + out.resolve("out"));
        }
        if (!Files.exists(dir)) {
            throw new CliException(ExitCode.IO, "cannot write " + out + ": the directory " + dir + " does not exist",
                    "create it first (mkdir -p " + dir + ") or choose another " + option);
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCode.IO, "cannot write " + out + ": " + dir + " is not a directory",
                    "choose another " + option);
        }
        if (!Files.isWritable(dir)) {
            throw new CliException(ExitCode.IO, "cannot write " + out + ": permission denied in " + dir,
                    "choose another " + option);
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            throw new CliException(ExitCode.IO, "refusing to overwrite existing file: " + out,
                    overwriteOption == null ? "move it away or choose another " + option
                            : "move it away, choose another " + option + ", or pass " + overwriteOption);
        }
    }
}
