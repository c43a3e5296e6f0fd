package dev.dkg.store;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A separate process for the store tests: {@code append FILE} appends numbered records
 * forever and prints each number only after its append returned (so every printed number is
 * an acknowledged record); {@code open FILE} tries to become the writer and reports whether
 * the lock was refused.
 */
public final class RecordLogChild {
    static final int REFUSED = 3;

    private RecordLogChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        PrintStream out = System.out;
        switch (args[0]) {
            case "append" -> {
                try (RecordLog log = RecordLog.open(file)) {
                    for (long number = log.size(); ; number++) {
                        long acknowledged = log.append(LogFixtures.largePayload(number));
                        out.println(acknowledged);
                        out.flush();
                    }
                }
            }
            case "open" -> {
                try (RecordLog log = RecordLog.open(file)) {
                    out.println("opened " + log.size());
                } catch (StoreLockedException e) {
                    out.println(e.getMessage());
                    System.exit(REFUSED);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
