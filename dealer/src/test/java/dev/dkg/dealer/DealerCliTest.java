package dev.dkg.dealer;

import dev.dkg.pki.Role;
import dev.dkg.testing.WrongRoleRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dealer's command line, run in-process with captured output. */
class DealerCliTest {
    @TempDir
    Path dir;

    @Test
    void refusesAHolderIdentityAtStart() throws Exception {
        // Before: it ran as dealer 'holder1' and reported every vault as not verifying, exit 0.
        WrongRoleRun.assertRefused(dir, "dealer", new Main(), Role.DEALER, Role.SHARE_HOLDER,
                "--listen", "127.0.0.1:0", "--data-dir", dir.resolve("data").toString(), "status");
    }
}
