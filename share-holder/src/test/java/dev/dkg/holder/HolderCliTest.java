package dev.dkg.holder;

import dev.dkg.pki.Role;
import dev.dkg.testing.WrongRoleRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The share-holder's command line, run in-process with captured output. */
class HolderCliTest {
    @TempDir
    Path dir;

    @Test
    void refusesADealerIdentityAtStart() throws Exception {
        WrongRoleRun.assertRefused(dir, "share-holder", new Main(), Role.SHARE_HOLDER, Role.DEALER,
                "--dealer", "127.0.0.1:1", "--dir", dir.resolve("shares").toString());
    }

    @Test
    void listRefusesADealerIdentityToo() throws Exception {
        WrongRoleRun.assertRefused(dir, "share-holder", new Main(), Role.SHARE_HOLDER, Role.DEALER,
                java.util.List.of("list"), "--dir", dir.resolve("shares").toString());
    }
}
