package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2-of-3 Ed25519 threshold key made by real processes (keygen-server --threshold and three keygen-clients,
 * through scripts/ as a user runs them); its group public key, exported by the server and by a holder of a
 * share, is one that openssl loads and whose fingerprint every receipt shows.
 */
class ThresholdKeygenIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static Map<String, String> fields(RoleProcess p) {
        Map<String, String> fields = new TreeMap<>();
        for (String line : p.stdout().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return fields;
    }

    private static String[] with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(first);
        return all.toArray(String[]::new);
    }

    @Test
    void threeProcessesMakeATwoOfThreeEd25519KeyWhosePublicKeyOpensslLoads() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            d.identities("keygen-server", "keygen").identities("keygen-client", "alice", "bob", "carol");
            int port = Deployment.freePort();
            RoleProcess server = d.start("keygen-server", with(d.identityArgs("keygen"), "--participants", "3",
                    "--threshold", "2", "--scheme", "ed25519", "--rounds", "1", "--listen", "127.0.0.1:" + port));
            server.awaitOut("^ready: listening on 127\\.0\\.0\\.1:" + port + " .*ed25519 2-of-3 threshold keys", WAIT);
            List<RoleProcess> clients = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                clients.add(d.start("keygen-client", with(d.identityArgs(name), "--server", "127.0.0.1:" + port,
                        "--data-dir", "clients/" + name)));
            }
            for (RoleProcess c : clients) {
                assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
            }
            assertThat(server.awaitExit(WAIT)).as(server.transcript()).isZero();
            Map<String, String> first = fields(clients.get(0));
            assertThat(first.get("key-id")).matches("[0-9a-f]{32}");
            assertThat(first.get("scheme")).isEqualTo("ed25519");
            assertThat(first.get("threshold")).isEqualTo("2-of-3");
            for (RoleProcess c : clients) {
                Map<String, String> r = fields(c);
                assertThat(r.get("key-id")).isEqualTo(first.get("key-id"));
                assertThat(r.get("group-key")).isEqualTo(first.get("group-key"));
                assertThat(Files.exists(dir.resolve(r.get("share-file")))).isTrue();
            }
            String keyId = first.get("key-id");
            String fingerprint = first.get("group-key").split(" ")[0];
            assertThat(server.stdout()).contains("threshold key " + keyId + " stored");

            String listed = d.runOk("keygen-server", with(d.identityArgs("keygen"), "list")).stdout();
            assertThat(listed).contains(keyId + " ").contains(" ed25519 2-of-3 alice,bob,carol group-key " + fingerprint);
            String held = d.runOk("keygen-client", with(d.identityArgs("bob"), "list", "--data-dir", "clients/bob")).stdout();
            assertThat(held).startsWith(keyId + " ed25519 2-of-3 " + fingerprint + " 2 alice,bob,carol");

            d.runOk("keygen-server", with(d.identityArgs("keygen"), "export", "--key", keyId.substring(0, 12), "--as",
                    "public", "--out", "server-pub.pem"));
            d.runOk("keygen-client", with(d.identityArgs("carol"), "export", "--data-dir", "clients/carol", "--key", keyId,
                    "--as", "public", "--out", "carol-pub.pem"));
            assertThat(Files.readString(dir.resolve("carol-pub.pem"))).isEqualTo(Files.readString(dir.resolve("server-pub.pem")));

            Result text = openssl("pkey", "-pubin", "-in", dir.resolve("server-pub.pem").toString(), "-noout", "-text");
            assertThat(text.code).as(text.output).isZero();
            assertThat(text.output).contains("ED25519 Public-Key");
            Result der = openssl("pkey", "-pubin", "-in", dir.resolve("server-pub.pem").toString(), "-outform", "DER");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der.bytes);
            assertThat(HexFormat.of().formatHex(digest, 0, 8)).isEqualTo(fingerprint);

            // A threshold key has no secret to export: the secret formats are refused, one clear line, exit 2.
            RoleProcess refused = d.run("keygen-server", with(d.identityArgs("keygen"), "export", "--key", keyId, "--as",
                    "ed25519", "--out", "secret.pem"));
            assertThat(refused.awaitExit(WAIT)).isEqualTo(2);
            assertThat(refused.stderr()).contains("threshold key: no party holds its secret");
            assertThat(Files.exists(dir.resolve("secret.pem"))).isFalse();
        }
    }

    private record Result(int code, String output, byte[] bytes) {}

    private Result openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8) + err, out.toByteArray());
    }
}
