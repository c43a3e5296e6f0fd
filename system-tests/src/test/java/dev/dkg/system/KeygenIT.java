package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen-server and keygen-client as real processes through scripts/, as a user runs them. */
class KeygenIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static Map<String, String> receipt(RoleProcess client) {
        Map<String, String> fields = new TreeMap<>();
        for (String line : client.stdout().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return fields;
    }

    private static List<String> args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private List<RoleProcess> clients(Deployment d, int port, String... names) throws Exception {
        List<RoleProcess> started = new ArrayList<>();
        for (String name : names) {
            started.add(d.start("keygen-client", args(d.identityArgs(name), "--server", "127.0.0.1:" + port,
                    "--data-dir", "clients/" + name)));
        }
        for (RoleProcess c : started) {
            assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
        }
        return started;
    }

    @Test
    void threeClientsAgreeWithListAndTheKeySurvivesAKilledServer() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            d.identities("keygen-server", "keygen").identities("keygen-client", "alice", "bob", "carol")
                    .identities("otp-distributor", "distributor").identities("otp-requester", "eve");
            int port = Deployment.freePort();
            List<String> serverArgs = args(d.identityArgs("keygen"), "--participants", "3", "--listen",
                    "127.0.0.1:" + port, "--recipient", d.pki().resolve("distributor.pem").toString());
            RoleProcess server = d.start("keygen-server", serverArgs);
            server.awaitOut("^ready: listening on 127\\.0\\.0\\.1:" + port + " as keygen, key fingerprint", WAIT);

            List<RoleProcess> round = clients(d, port, "alice", "bob", "carol");
            Map<String, String> first = receipt(round.get(0));
            assertThat(first.get("key-id")).matches("[0-9a-f]{32}");
            assertThat(first.get("participants")).isEqualTo("alice bob carol");
            for (RoleProcess c : round) {
                Map<String, String> r = receipt(c);
                assertThat(r.get("key-id")).isEqualTo(first.get("key-id"));
                assertThat(r.get("transcript-hash")).isEqualTo(first.get("transcript-hash"));
                assertThat(r.get("check-value")).isEqualTo(first.get("check-value"));
                assertThat(Files.exists(dir.resolve(r.get("receipt-file")))).isTrue();
            }
            server.awaitOut("key " + first.get("key-id") + " stored", WAIT);

            String listed = d.runOk("keygen-server", args(List.of("list"), d.identityArgs("keygen").toArray(String[]::new))
                    .toArray(String[]::new)).stdout();
            assertThat(listed).startsWith(first.get("key-id") + " ").contains(" otp 32 alice,bob,carol");

            // A crash at any moment keeps every acknowledged key.
            server.kill();
            RoleProcess restarted = d.start("keygen-server", serverArgs);
            restarted.awaitOut("^ready: .* 1 keys in ", WAIT);

            RoleProcess eve = d.start("keygen-client", args(d.identityArgs("eve"), "--server", "127.0.0.1:" + port));
            assertThat(eve.awaitExit(WAIT)).as(eve.transcript()).isEqualTo(3);
            // Refused by the client itself; the server's own role check is SecureChannelTest's and ServerFuzzIT's.
            assertThat(eve.stderr()).contains("has role otp-requester, not keygen-client");
            assertThat(restarted.isAlive()).isTrue();

            Map<String, String> second = receipt(clients(d, port, "alice", "bob", "carol").get(1));
            assertThat(second.get("key-id")).isNotEqualTo(first.get("key-id"));
            String listedAgain = d.runOk("keygen-server", args(d.identityArgs("keygen"), "list").toArray(String[]::new))
                    .stdout();
            assertThat(listedAgain.lines()).hasSize(2);
            assertThat(listedAgain.lines().map(l -> l.split(" ")[0]))
                    .containsExactly(first.get("key-id"), second.get("key-id"));

            d.runOk("keygen-server", args(d.identityArgs("keygen"), "export", "--key", first.get("key-id"),
                    "--as", "otp", "--out", "alice-otp.txt").toArray(String[]::new));
            String secret = Files.readAllLines(dir.resolve("alice-otp.txt")).get(1).substring("secret: ".length());
            assertThat(secret).matches("[A-Z2-7]{32}");
            assertThat(d.transcripts()).doesNotContain(secret);
        }
    }

    @Test
    void badArgumentsExitTwoWithOneErrorLine() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            for (List<String> bad : List.of(List.of("keygen-server", "--key-length", "8", "--participants", "3"),
                    List.of("keygen-server", "--participants", "3", "--clients", "alice"),
                    List.of("keygen-client", "--identity", "x.p12", "--trust", "ca.pem"),
                    List.of("keygen-client", "--identity", "x.p12", "--trust", "ca.pem", "--server", "nohost"))) {
                RoleProcess p = d.run(bad.get(0), bad.subList(1, bad.size()).toArray(String[]::new));
                assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(2);
                assertThat(p.stderr().lines().filter(l -> l.startsWith(bad.get(0) + ": error: "))).hasSize(1);
                assertThat(p.stdout()).isEmpty();
            }
        }
    }
}
