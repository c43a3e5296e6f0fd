package dev.dkg.store;

import java.io.IOException;
import java.nio.file.Path;

/** Another writer already holds a record log; a log has one writer at a time. */
public final class StoreLockedException extends IOException {

    private final Path file;

    StoreLockedException(Path file, String holder) {
        super(file + " is locked by " + holder + "; only one writer may open a record log at a time");
        this.file = file;
    }

    /** The log that could not be locked. */
    public Path file() {
        return file;
    }
}
