package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.pki.Identity;
import dev.dkg.pki.TrustAnchor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Deployment} with the three servers' usual company, for the hardening tests: a keygen server
 * whose rounds have named participants alice, bob and carol (each key sealed to the distributor too), an OTP
 * distributor serving the real key_store those rounds write, a dealer, and the identities to talk to them.
 */
final class Installation {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> KEYGEN_CLIENTS = List.of("alice", "bob", "carol");

    private final Deployment d;

    Installation(Deployment d) throws Exception {
        this.d = d;
        d.identities("keygen-server", "keygen")
                .identities("keygen-client", "alice", "bob", "carol", "mallory")
                .identities("otp-distributor", "distributor")
                .identities("otp-requester", "eve", "oscar")
                .identities("dealer", "dealer")
                .identities("share-holder", "hana", "ivan", "judy", "kim");
    }

    Deployment deployment() {
        return d;
    }

    /** An identity made by scripts/pki.sh, loaded in this JVM to talk to a server by hand. */
    Identity identity(String name) throws Exception {
        return Identity.load(d.pki().resolve(name + ".p12"), Files.readString(d.passwordFile()).strip().toCharArray());
    }

    TrustAnchor trust() throws Exception {
        return TrustAnchor.load(d.pki().resolve("ca.pem"));
    }

    Path keyStore() {
        return d.dir().resolve("data").resolve("keygen-server").resolve("key_store");
    }

    List<String> keygenServerArgs(int port) {
        return args(d.identityArgs("keygen"), "--clients", String.join(",", KEYGEN_CLIENTS), "--listen",
                "127.0.0.1:" + port, "--recipient", d.pki().resolve("distributor.pem").toString(), "--round-timeout",
                "20s");
    }

    RoleProcess startKeygenServer(int port) throws Exception {
        RoleProcess server = d.start("keygen-server", keygenServerArgs(port));
        server.awaitOut("^ready: listening on 127\\.0\\.0\\.1:" + port, WAIT);
        return server;
    }

    /** One round with the three listed clients as processes; the receipt fields of the first (all agree). */
    Map<String, String> keygenRound(int port) throws Exception {
        List<RoleProcess> started = new ArrayList<>();
        for (String name : KEYGEN_CLIENTS) {
            started.add(d.start("keygen-client", args(d.identityArgs(name), "--server", "127.0.0.1:" + port,
                    "--data-dir", "clients/" + name)));
        }
        Map<String, String> first = null;
        for (RoleProcess c : started) {
            assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
            Map<String, String> r = receipt(c.stdout());
            if (first == null) {
                first = r;
            }
            assertThat(r.get("key-id")).isEqualTo(first.get("key-id"));
        }
        return first;
    }

    /** The key ids {@code keygen-server list} shows, in store order. */
    List<String> listedKeys() throws Exception {
        String listed = d.runOk("keygen-server", args(List.of("list"), d.identityArgs("keygen").toArray(String[]::new))
                .toArray(String[]::new)).stdout();
        return listed.lines().filter(l -> !l.isBlank()).map(l -> l.split(" ")[0]).toList();
    }

    /**
     * Runs a keygen server for one round with the three listed clients and stops it; the key lands in the
     * real key_store, sealed to the distributor too. Returns the key id.
     */
    String createOtpKey() throws Exception {
        int port = Deployment.freePort();
        RoleProcess server = startKeygenServer(port);
        String keyId = keygenRound(port).get("key-id");
        server.close();
        return keyId;
    }

    List<String> distributorArgs(int port) throws Exception {
        Path acl = d.dir().resolve("acl.conf");
        if (!Files.exists(acl)) {
            Files.write(acl, List.of("eve * get,verify,enroll", "oscar * get,verify"));
        }
        return args(d.identityArgs("distributor"), "--key-store", keyStore().toString(), "--acl", acl.toString(),
                "--listen", "127.0.0.1:" + port, "--data-dir", d.dir().resolve("data").resolve("otp").toString());
    }

    RoleProcess startDistributor(int port, String... more) throws Exception {
        RoleProcess p = d.start("otp-distributor", args(distributorArgs(port), more));
        p.awaitOut("^ready: 127\\.0\\.0\\.1:" + port + " ", WAIT);
        return p;
    }

    /** The dealer's interactive mode: it listens for holders and reads menu choices from standard input. */
    RoleProcess startDealer(int port) throws Exception {
        RoleProcess p = d.start("dealer", args(d.identityArgs("dealer"), "--listen", "127.0.0.1:" + port,
                "--data-dir", "data/dealer"));
        p.awaitOut("listening on 127\\.0\\.0\\.1:" + port, WAIT);
        return p;
    }

    RoleProcess startHolder(String name, int dealerPort) throws Exception {
        RoleProcess p = d.start("share-holder", args(d.identityArgs(name), "--dealer", "127.0.0.1:" + dealerPort,
                "--dir", "holders/" + name, "--auto-approve"));
        p.awaitOut("keeping shares in", WAIT);
        return p;
    }

    static Map<String, String> receipt(String stdout) {
        Map<String, String> fields = new TreeMap<>();
        for (String line : stdout.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return fields;
    }

    static List<String> args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
