package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTP distributor and requester as real processes through scripts/: a code from {@code get} is
 * accepted once by {@code verify} and its replay refused, a requester outside the ACL and an identity with
 * another role are refused, a key written while the distributor runs is picked up, and after a crash
 * (SIGKILL) and restart a used code stays used.
 *
 * <p>Until the keygen server's key_store reader is wired in, the key store is the distributor's interim
 * store, written with its test-support main {@code InterimKeyStoreWriter}.
 */
class OtpIT {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void getVerifyReplayOutsiderAndRestart() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            d.identities("otp-distributor", "distributor")
                    .identities("otp-requester", "alice", "mallory")
                    .identities("keygen-client", "kc");
            Path keyStore = dir.resolve("key_store");
            addKey(d, keyStore, "demo");
            Files.write(dir.resolve("acl.conf"), List.of("# who may do what", "alice demo get,verify", "alice late get"));
            int port = Deployment.freePort();
            List<String> distributorArgs = new ArrayList<>(d.identityArgs("distributor"));
            distributorArgs.addAll(List.of("--key-store", keyStore.toString(), "--acl", dir.resolve("acl.conf").toString(),
                    "--listen", "127.0.0.1:" + port, "--data-dir", dir.resolve("data").toString()));

            RoleProcess distributor = d.start("otp-distributor", distributorArgs);
            distributor.awaitOut("^ready: 127\\.0\\.0\\.1:" + port + " as distributor \\(key [0-9a-f:]{23}\\), 1 key, 2 ACL rules$",
                    START);

            RoleProcess get = d.runOk("otp-requester", requester(d, "alice", port, "get", "demo"));
            Matcher got = Pattern.compile("^([0-9]{6}) valid ([0-9]+)s$").matcher(get.stdout());
            assertThat(got.matches()).as(get.transcript()).isTrue();
            String code = got.group(1);

            RoleProcess verify = d.runOk("otp-requester", requester(d, "alice", port, "verify", "demo", code));
            assertThat(verify.stdout()).isEqualTo("accepted");
            RoleProcess replay = d.run("otp-requester", requester(d, "alice", port, "verify", "demo", code));
            assertThat(replay.awaitExit(START)).as(replay.transcript()).isEqualTo(3);
            assertThat(replay.stdout()).isEqualTo("rejected");

            RoleProcess outsider = d.run("otp-requester", requester(d, "mallory", port, "get", "demo"));
            assertThat(outsider.awaitExit(START)).as(outsider.transcript()).isEqualTo(3);
            assertThat(outsider.stderr()).contains("otp-requester: error: not authorised to get key demo");
            RoleProcess wrongRole = d.run("otp-requester", requester(d, "kc", port, "get", "demo"));
            assertThat(wrongRole.awaitExit(START)).as(wrongRole.transcript()).isEqualTo(3);
            assertThat(wrongRole.stderr()).contains("refused this identity");

            addKey(d, keyStore, "late");
            distributor.awaitOut("^key added: late ", Duration.ofSeconds(30));
            d.runOk("otp-requester", requester(d, "alice", port, "get", "late"));

            RoleProcess hotp = d.runOk("otp-requester", requester(d, "alice", port, "get", "demo", "--hotp"));
            String hotpCode = hotp.stdout().substring(0, 6);
            d.runOk("otp-requester", requester(d, "alice", port, "verify", "demo", hotpCode, "--hotp"));

            distributor.kill();
            RoleProcess restarted = d.start("otp-distributor", distributorArgs);
            restarted.awaitOut("^ready: .*, 2 keys, ", START);
            RoleProcess hotpReplay = d.run("otp-requester", requester(d, "alice", port, "verify", "demo", hotpCode, "--hotp"));
            assertThat(hotpReplay.awaitExit(START)).as(hotpReplay.transcript()).isEqualTo(3);
            RoleProcess totpReplay = d.run("otp-requester", requester(d, "alice", port, "verify", "demo", code));
            assertThat(totpReplay.awaitExit(START)).as(totpReplay.transcript()).isEqualTo(3);

            restarted.awaitErr("\\[audit\\] verify rejected requester=alice key=demo mode=totp", Duration.ofSeconds(10));
            assertThat(distributor.transcript() + restarted.transcript()).doesNotContain(code).doesNotContain(hotpCode);
        }
    }

    private static String[] requester(Deployment d, String name, int port, String... command) {
        List<String> args = new ArrayList<>(d.identityArgs(name));
        args.addAll(List.of("--server", "127.0.0.1:" + port));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    /** Appends a key with a random secret to the interim key store, sealed to the distributor. */
    private static void addKey(Deployment d, Path keyStore, String keyId) throws Exception {
        Path root = Path.of(System.getProperty("project.root")).toAbsolutePath().normalize();
        Path target = root.resolve("otp-distributor").resolve("target");
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-cp",
                target.resolve("otp-distributor.jar") + ":" + target.resolve("lib") + "/*",
                "dev.dkg.otp.distributor.InterimKeyStoreWriter"));
        cmd.addAll(d.identityArgs("distributor"));
        cmd.addAll(List.of("--key-store", keyStore.toString(), "--key-id", keyId));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
