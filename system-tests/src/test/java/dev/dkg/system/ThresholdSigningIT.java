package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FROST signing with real processes: a 2-of-3 Ed25519 key made by keygen-server --threshold and three
 * keygen-clients, then two of the holders sign a file the requester asked the server (the Coordinator) to have
 * signed, and openssl verifies the signature under the exported group public key.
 */
class ThresholdSigningIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static String[] with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void twoOfThreeHoldersSignAFileAndOpensslVerifiesIt() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            d.identities("keygen-server", "keygen").identities("keygen-client", "alice", "bob", "carol")
                    .identities("otp-requester", "rita");
            Files.writeString(dir.resolve("signing.acl"), "rita * sign\n");
            int port = Deployment.freePort();
            int signingPort = Deployment.freePort();
            String signing = "127.0.0.1:" + signingPort;
            RoleProcess server = d.start("keygen-server", with(d.identityArgs("keygen"), "--participants", "3",
                    "--threshold", "2", "--scheme", "ed25519", "--rounds", "1", "--listen", "127.0.0.1:" + port,
                    "--signing-acl", "signing.acl", "--signing-listen", signing));
            server.awaitOut("^signing: listening on " + signing.replace(".", "\\.") + ", 1 signing ACL rule", WAIT);
            List<RoleProcess> clients = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                clients.add(d.start("keygen-client", with(d.identityArgs(name), "--server", "127.0.0.1:" + port,
                        "--data-dir", "clients/" + name)));
            }
            for (RoleProcess c : clients) {
                assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
            }
            Matcher stored = server.awaitOut("threshold key ([0-9a-f]{32}) stored", WAIT);
            String keyId = stored.group(1);

            // Two holders wait for a request, approving automatically; each sees and logs what it signs.
            List<RoleProcess> signers = new ArrayList<>();
            for (String name : List.of("alice", "carol")) {
                RoleProcess s = d.start("keygen-client", with(d.identityArgs(name), "sign", "--server", signing,
                        "--key", keyId, "--auto-approve", "--data-dir", "clients/" + name));
                s.awaitOut("^ready to sign with key " + keyId, WAIT);
                signers.add(s);
            }
            server.awaitOut("signer ready: carol", WAIT);
            Files.writeString(dir.resolve("release.txt"), "release 1.0, sha256 of the tarball: 9f86d0\n");

            // The requester's identity belongs to 'sign', not to the server: it comes after the subcommand.
            RoleProcess sign = d.runOk("keygen-server", with(List.of("sign"), with(d.identityArgs("rita"), "--server",
                    signing, "--key", keyId, "--message", "release.txt", "--out", "release.sig", "--signers",
                    "alice,carol", "--wait", "30s")));
            assertThat(sign.stdout()).contains("signers: alice carol").contains("verified");
            assertThat(Files.size(dir.resolve("release.sig"))).isEqualTo(64);
            for (RoleProcess s : signers) {
                assertThat(s.awaitExit(WAIT)).as(s.transcript()).isZero();
                assertThat(s.stdout()).contains("signing request from rita for key " + keyId)
                        .contains("text: release 1.0, sha256 of the tarball: 9f86d0").contains("signed: session");
            }

            d.runOk("keygen-client", with(d.identityArgs("bob"), "export", "--data-dir", "clients/bob", "--key", keyId,
                    "--as", "public", "--out", "pub.pem"));
            Result openssl = openssl("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "release.txt",
                    "-sigfile", "release.sig");
            assertThat(openssl.code).as(openssl.output).isZero();
            assertThat(openssl.output).contains("Signature Verified Successfully");

            // The suite's own verifiers agree, and reject a changed message.
            d.runOk("keygen-client", with(d.identityArgs("bob"), "verify", "--data-dir", "clients/bob", "--key", keyId,
                    "--message", "release.txt", "--signature", "release.sig"));
            Files.writeString(dir.resolve("changed.txt"), "release 1.1, sha256 of the tarball: 9f86d0\n");
            RoleProcess changed = d.run("keygen-server", with(d.identityArgs("keygen"), "verify", "--public", "pub.pem",
                    "--message", "changed.txt", "--signature", "release.sig"));
            assertThat(changed.awaitExit(WAIT)).as(changed.transcript()).isEqualTo(1);
            assertThat(changed.stderr()).contains("signature does not verify");
            Result tampered = openssl("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "changed.txt",
                    "-sigfile", "release.sig");
            assertThat(tampered.code).as(tampered.output).isNotZero();
        }
    }

    private record Result(int code, String output) {}

    private Result openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
