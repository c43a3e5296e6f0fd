package dev.dkg.otp.distributor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.WrongRoleRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Start-up refusals of the otp-distributor executable: each one error line and the documented exit code. */
class MainTest {
    private static final char[] PASSWORD = "test password".toCharArray();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private TestPki.WrittenIdentity files;
    private Path keyStore;
    private Path acl;

    @BeforeEach
    void files() throws Exception {
        files = TestPki.writeFiles(dir.resolve("pki"), DistributorFixture.DISTRIBUTOR, Role.OTP_DISTRIBUTOR, PASSWORD);
        Files.writeString(dir.resolve("pw"), new String(PASSWORD) + "\n");
        keyStore = dir.resolve("key_store");
        try (KeyStoreFile store = KeyStoreFile.create(keyStore, TestPki.identity("keygen", Role.KEYGEN_SERVER))) {
            store.append(DistributorFixture.distributorIdentity());
        }
        acl = dir.resolve("acl.conf");
        Files.write(acl, DistributorFixture.ACL);
    }

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of("--identity", files.p12().toString(), "--password-file",
                dir.resolve("pw").toString(), "--trust", files.caPem().toString(), "--key-store", keyStore.toString(),
                "--acl", acl.toString(), "--data-dir", dir.resolve("data").toString(), "--listen", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        CommandLine cl = Cli.commandLine("otp-distributor", new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void malformedAclStopsStartUpNamingTheLine() throws Exception {
        Files.write(acl, List.of("# rules", "alice k1 get,verify", "bob k1 get,fly"));
        assertThat(run()).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("otp-distributor: error: malformed ACL: acl.conf line 3: unknown operation 'fly'")
                .contains("otp-distributor: hint: fix line 3 of");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingAclOrKeyStoreIsAClearError() throws Exception {
        Files.delete(acl);
        assertThat(run()).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("otp-distributor: error: ACL file not found: ");
        Files.write(acl, DistributorFixture.ACL);
        Files.delete(keyStore);
        err.getBuffer().setLength(0);
        assertThat(run()).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("otp-distributor: error: key store not found: " + keyStore);
    }

    @Test
    void damagedKeyStoreIsAClearError() throws Exception {
        byte[] bytes = Files.readAllBytes(keyStore);
        bytes[10] ^= 1;
        Files.write(keyStore, bytes);
        assertThat(run()).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("otp-distributor: error: key store is damaged: ")
                .contains("corrupted header");
    }

    @Test
    void keyStoreRecordThatDoesNotVerifyExitsThree() throws Exception {
        try (KeyStoreFile store = KeyStoreFile.create(dir.resolve("forged_store"), TestPki.identity("keygen", Role.KEYGEN_SERVER))) {
            store.appendSignedBy(TestPki.identity("impostor", Role.KEYGEN_SERVER), DistributorFixture.distributorIdentity());
        }
        keyStore = dir.resolve("forged_store");
        assertThat(run()).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err.toString()).startsWith("otp-distributor: error: key store does not verify: ")
                .contains("record 1 does not verify").contains("otp-distributor: hint: ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(run("--lockout", "soon")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(run("--max-failures", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("failures before lock-out must be from 1 to 1000");
    }

    @Test
    void anUnreachableDatabaseIsOneErrorLineAndExitFive() {
        assertThat(run("--database", "jdbc:postgresql://127.0.0.1:1/dkg?user=dkg", "--database-password-file",
                dir.resolve("pw").toString())).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("otp-distributor: error: cannot use database jdbc:postgresql://127.0.0.1:1/dkg: ")
                .contains("otp-distributor: hint: check that PostgreSQL runs there").doesNotContain(new String(PASSWORD));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aDatabaseUrlHoldingThePasswordIsRefused() {
        assertThat(run("--database", "jdbc:postgresql://127.0.0.1/dkg?user=dkg&password=hunter2")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("the database URL must not hold the password").doesNotContain("hunter2");
    }

    @Test
    void aDatabaseWithANewerSchemaIsRefused() throws Exception {
        dev.dkg.testing.TestPostgres pg = dev.dkg.testing.TestPostgres.shared();
        String url = pg.createDatabase("newer_schema");
        try (dev.dkg.database.Database db = dev.dkg.database.Database.open(url, pg.password().toCharArray(), "t", 1)) {
            // Migrated to this build's version.
        }
        pg.execute(url, "INSERT INTO dkg_schema (version) VALUES (" + (dev.dkg.database.Schema.CURRENT + 1) + ")");
        Path dbPw = pg.writePasswordFile(dir.resolve("db-pw"));
        assertThat(run("--database", url, "--database-password-file", dbPw.toString())).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).contains("the database schema is version " + (dev.dkg.database.Schema.CURRENT + 1)
                + ", newer than the " + dev.dkg.database.Schema.CURRENT + " this build knows");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAnIdentityOfAnotherRoleAtStart() throws Exception {
        // Before the ACL and the key store are even looked for.
        WrongRoleRun.assertRefused(dir.resolve("wrong-role"), "otp-distributor", new Main(), Role.OTP_DISTRIBUTOR,
                Role.OTP_REQUESTER, "--key-store", dir.resolve("absent").toString(), "--acl",
                dir.resolve("absent.acl").toString(), "--listen", "127.0.0.1:0");
    }
}
