package dev.dkg.holder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.sharing.VaultId;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.WrongRoleRun;
import dev.dkg.vss.Dealing;
import dev.dkg.vss.Feldman;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import picocli.CommandLine;
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

    @Test
    void listJsonIsOneDocumentOnStdout() throws Exception {
        SecureRandom random = new SecureRandom();
        Identity bob = TestPki.identity("bob", Role.SHARE_HOLDER);
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "bob", Role.SHARE_HOLDER, "pw".toCharArray());
        Path password = Files.writeString(dir.resolve("pw"), "pw\n");
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 2, random);
        VaultId vault = VaultId.random(random);
        new ShareStore(dir.resolve("shares"), bob).write(new StoredShare(vault, 0, 2,
                TestPki.identity("dealer", Role.DEALER).keyId(), List.of("alice", "bob"), dealing.commitments(),
                dealing.shares().get(1)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine("share-holder", new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("--identity", files.p12().toString(), "--password-file", password.toString(),
                "--trust", files.caPem().toString(), "list", "--dir", dir.resolve("shares").toString(), "--json");
        assertThat(code).as(err.toString()).isZero();
        // A share written without its vault binding: not committed by the dealer yet, as the text listing says.
        assertThat(out.toString()).startsWith("{\"dir\":\"" + dir.resolve("shares") + "\",\"owned_by_this_identity\":true,"
                + "\"shares\":[{\"vault\":\"" + vault.hex() + "\",\"epoch\":0,\"state\":\"verifies\",\"x\":2,"
                + "\"threshold\":2,\"holders\":[\"alice\",\"bob\"],\"pending\":").endsWith("}]}\n")
                .hasLineCount(1);
    }
}
