package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.otp.Base32;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key generation feeding OTP, as real processes through scripts/: a keygen round (server with
 * {@code --recipient distributor.pem --rounds 1}, three clients) writes a key to key_store, the distributor
 * serves it; the code {@code get} prints is the TOTP of the secret {@code keygen-server export --as otp}
 * writes (and what oathtool computes from it, if installed); {@code verify} accepts it once and refuses the
 * replay; a requester outside the ACL and an identity with another role are refused; a second round while
 * the distributor runs is picked up without a restart, and so is a key whose purpose names other OTP
 * parameters; after a crash (SIGKILL) and restart a used code stays used; a one-byte edit of the last
 * state record stops start-up instead of rolling the code back; an edited ACL applies without a restart.
 */
class OtpIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern TOTP_LINE = Pattern.compile("^([0-9]{6}) valid ([0-9]+)s$");

    @TempDir
    Path dir;

    @Test
    void keygenRoundThenGetVerifyReplayOutsiderNewKeyAndRestart() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            d.identities("keygen-server", "keygen")
                    .identities("keygen-client", "kc-a", "kc-b", "kc-c")
                    .identities("otp-distributor", "distributor")
                    .identities("otp-requester", "bob", "mallory");
            String firstKey = keygenRound(d, "otp");
            Path keyStore = dir.resolve("data").resolve("keygen-server").resolve("key_store");

            d.runOk("keygen-server", argv(d.identityArgs("keygen"), "export", "--key", firstKey, "--as", "otp",
                    "--out", "bob-otp.txt"));
            String secret = Files.readAllLines(dir.resolve("bob-otp.txt")).get(1).substring("secret: ".length());
            assertThat(secret).matches("[A-Z2-7]{32}");

            // Bob may get and verify the first key by its id, and only get any key made later.
            Files.write(dir.resolve("acl.conf"), List.of("# who may do what", "bob " + firstKey + " get,verify,enroll",
                    "bob * get   # keys made later"));
            int port = Deployment.freePort();
            List<String> distributorArgs = args(d.identityArgs("distributor"), "--key-store", keyStore.toString(),
                    "--acl", "acl.conf", "--listen", "127.0.0.1:" + port, "--data-dir", "data/otp-distributor");
            RoleProcess distributor = d.start("otp-distributor", distributorArgs);
            distributor.awaitOut("^ready: 127\\.0\\.0\\.1:" + port
                    + " as distributor \\(key [0-9a-f:]{23}\\), 1 key, 2 ACL rules, crypto "
                    + Pattern.quote(Deployment.expectedCrypto()) + "$", WAIT);

            Instant before = Instant.now();
            RoleProcess get = d.runOk("otp-requester", requester(d, "bob", port, "get", firstKey));
            Instant after = Instant.now();
            Matcher got = TOTP_LINE.matcher(get.stdout());
            assertThat(got.matches()).as(get.transcript()).isTrue();
            String code = got.group(1);
            // The step of the get lies between the two instants (at most one step boundary apart).
            byte[] exported = Base32.decode(secret);
            assertThat(code).isIn(Totp.generate(exported, before, OtpParameters.DEFAULT),
                    Totp.generate(exported, after, OtpParameters.DEFAULT));
            String oathBefore = oathtool(secret, before);
            if (oathBefore != null) {
                assertThat(code).isIn(oathBefore, oathtool(secret, after));
            }

            // One key, one authenticator entry: the export's URI is the distributor's enrolment URI.
            RoleProcess enroll = d.runOk("otp-requester", requester(d, "bob", port, "enroll", firstKey));
            assertThat("uri: " + enroll.stdout().strip()).isEqualTo(Files.readAllLines(dir.resolve("bob-otp.txt")).get(2))
                    .contains("otpauth://totp/dkg:" + firstKey + "?secret=" + secret + "&issuer=dkg&");

            RoleProcess verify = d.runOk("otp-requester", requester(d, "bob", port, "verify", firstKey, code));
            assertThat(verify.stdout()).isEqualTo("accepted");
            // Independent refusals run side by side, to keep the test short.
            RoleProcess replay = d.start("otp-requester", requester(d, "bob", port, "verify", firstKey, code));
            RoleProcess outsider = d.start("otp-requester", requester(d, "mallory", port, "get", firstKey));
            RoleProcess wrongRole = d.start("otp-requester", requester(d, "kc-a", port, "get", firstKey));
            assertThat(replay.awaitExit(WAIT)).as(replay.transcript()).isEqualTo(3);
            assertThat(replay.stdout()).isEqualTo("rejected");
            assertThat(outsider.awaitExit(WAIT)).as(outsider.transcript()).isEqualTo(3);
            assertThat(outsider.stderr()).contains("otp-requester: error: not authorised to get key " + firstKey);
            assertThat(wrongRole.awaitExit(WAIT)).as(wrongRole.transcript()).isEqualTo(3);
            assertThat(wrongRole.stderr()).contains("has role keygen-client, not otp-requester");

            // The second key's purpose names other OTP parameters: served, listed and exported with them.
            String secondKey = keygenRound(d, "otp-sha256-8-60");
            distributor.awaitOut("^key added: " + secondKey + " \\(purpose otp-sha256-8-60, SHA256, 8 digits, 60 s step\\)$",
                    WAIT);
            RoleProcess list = d.start("otp-requester", requester(d, "bob", port, "list"));
            Instant beforeLate = Instant.now();
            RoleProcess getLate = d.start("otp-requester", requester(d, "bob", port, "get", secondKey));
            // The ACL is checked before the code, so any well-formed code shows the refusal.
            RoleProcess verifyLate = d.start("otp-requester", requester(d, "bob", port, "verify", secondKey, "00000000"));
            RoleProcess hotp = d.start("otp-requester", requester(d, "bob", port, "get", firstKey, "--hotp"));
            RoleProcess exportLate = d.start("keygen-server", args(d.identityArgs("keygen"), "export", "--key", secondKey,
                    "--as", "otp", "--out", "bob-otp-late.txt"));
            assertThat(list.awaitExit(WAIT)).as(list.transcript()).isZero();
            assertThat(list.stdout().lines()).hasSize(2);
            assertThat(list.stdout()).contains(firstKey + "  purpose=otp  ").contains("SHA1/6digits/30s")
                    .contains(secondKey + "  purpose=otp-sha256-8-60").contains("SHA256/8digits/60s");
            assertThat(getLate.awaitExit(WAIT)).as(getLate.transcript()).isZero();
            Instant afterLate = Instant.now();
            Matcher late = Pattern.compile("^([0-9]{8}) valid ([0-9]+)s$").matcher(getLate.stdout());
            assertThat(late.matches()).as(getLate.transcript()).isTrue();
            assertThat(Integer.parseInt(late.group(2))).isBetween(1, 60);
            assertThat(exportLate.awaitExit(WAIT)).as(exportLate.transcript()).isZero();
            List<String> lateExport = Files.readAllLines(dir.resolve("bob-otp-late.txt"));
            assertThat(lateExport.get(2)).endsWith("&algorithm=SHA256&digits=8&period=60");
            byte[] lateSecret = Base32.decode(lateExport.get(1).substring("secret: ".length()));
            OtpParameters named = OtpParameters.forPurpose("otp-sha256-8-60");
            assertThat(late.group(1)).isIn(Totp.generate(lateSecret, beforeLate, named),
                    Totp.generate(lateSecret, afterLate, named));
            assertThat(verifyLate.awaitExit(WAIT)).as(verifyLate.transcript()).isEqualTo(3);
            assertThat(verifyLate.stderr()).contains("not authorised to verify key " + secondKey);
            assertThat(hotp.awaitExit(WAIT)).as(hotp.transcript()).isZero();
            String hotpCode = hotp.stdout().substring(0, 6);
            d.runOk("otp-requester", requester(d, "bob", port, "verify", firstKey, hotpCode, "--hotp"));

            distributor.kill();
            // Restarted on the JDK's crypto while the requesters keep the default (ACCP where it loads): the
            // handshake, the envelopes and the replay state must not care which provider either side runs.
            RoleProcess restarted = d.startOnJdkCrypto("otp-distributor", distributorArgs);
            restarted.awaitOut("^ready: .*, 2 keys, 2 ACL rules, crypto JDK$", WAIT);
            RoleProcess hotpReplay = d.start("otp-requester", requester(d, "bob", port, "verify", firstKey, hotpCode,
                    "--hotp"));
            RoleProcess totpReplay = d.start("otp-requester", requester(d, "bob", port, "verify", firstKey, code));
            assertThat(hotpReplay.awaitExit(WAIT)).as(hotpReplay.transcript()).isEqualTo(3);
            assertThat(hotpReplay.stdout()).isEqualTo("rejected");
            assertThat(totpReplay.awaitExit(WAIT)).as(totpReplay.transcript()).isEqualTo(3);
            assertThat(totpReplay.stdout()).isEqualTo("rejected");

            restarted.awaitErr("\\[audit\\] verify rejected requester=bob key=" + firstKey + " mode=totp",
                    Duration.ofSeconds(10));

            restarted = lastStateRecordEditedByOneByteStopsStartUp(d, port, firstKey, distributorArgs, restarted);

            // Revoking bob's rights on the first key is an edit of the ACL file, in force without a restart.
            Files.write(dir.resolve("acl.conf"), List.of("bob " + secondKey + " get"));
            restarted.awaitOut("^acl reloaded: 1 rule$", WAIT);
            RoleProcess revoked = d.start("otp-requester", requester(d, "bob", port, "get", firstKey));
            assertThat(revoked.awaitExit(WAIT)).as(revoked.transcript()).isEqualTo(3);
            assertThat(revoked.stderr()).contains("not authorised to get key " + firstKey);
            // The enrolment URI is the one output meant to carry the secret (to the user's authenticator).
            assertThat(d.transcripts().replace(enroll.stdout().strip(), "<enrolment URI>")).doesNotContain(secret);
            assertThat(distributor.transcript() + restarted.transcript()).doesNotContain(code).doesNotContain(hotpCode);
        }
    }

    /**
     * Accepts a fresh HOTP code, stops {@code running}, flips one byte in the last state record (the one holding
     * that acceptance) and shows the distributor refuses to start rather than cut it, which would roll the
     * counter back and accept the code again; with the byte restored it starts and rejects the code as used.
     * Returns the distributor left running.
     */
    private RoleProcess lastStateRecordEditedByOneByteStopsStartUp(Deployment d, int port, String keyId,
            List<String> distributorArgs, RoleProcess running) throws Exception {
        String code = d.runOk("otp-requester", requester(d, "bob", port, "get", keyId, "--hotp")).stdout()
                .substring(0, 6);
        assertThat(d.runOk("otp-requester", requester(d, "bob", port, "verify", keyId, code, "--hotp")).stdout())
                .isEqualTo("accepted");
        running.kill();
        Path stateLog = dir.resolve("data").resolve("otp-distributor").resolve("otp-state.log");
        byte[] original = Files.readAllBytes(stateLog);
        int last = lastRecordOffset(original);
        byte[] edited = original.clone();
        edited[last + 8 + 40] ^= 0x01;
        Files.write(stateLog, edited);

        RoleProcess refused = d.start("otp-distributor", distributorArgs);
        assertThat(refused.awaitExit(WAIT)).as(refused.transcript()).isEqualTo(5);
        assertThat(refused.stderr().lines().filter(l -> l.startsWith("otp-distributor: error: ")))
                .as(refused.transcript()).singleElement().asString()
                .contains("verification state unusable").contains("otp-state.log")
                .contains("record " + (recordCount(original) - 1) + " at byte offset " + last)
                .contains("CRC-32C mismatch");
        assertThat(Files.readAllBytes(stateLog)).as("the refused log is left as it was").isEqualTo(edited);

        Files.write(stateLog, original);
        RoleProcess serving = d.start("otp-distributor", distributorArgs);
        serving.awaitOut("^ready: .*, 2 keys, 2 ACL rules, crypto " + Pattern.quote(Deployment.expectedCrypto()) + "$", WAIT);
        RoleProcess replay = d.run("otp-requester", requester(d, "bob", port, "verify", keyId, code, "--hotp"));
        assertThat(replay.awaitExit(WAIT)).as(replay.transcript()).isEqualTo(3);
        assertThat(replay.stdout()).isEqualTo("rejected");
        return serving;
    }

    /** Byte offset of the last record of a record log (docs/storage.md: 30-byte header, then length | CRC | payload). */
    private static int lastRecordOffset(byte[] log) {
        int at = 30;
        int last = -1;
        while (at < log.length) {
            last = at;
            at += 8 + java.nio.ByteBuffer.wrap(log, at, 4).getInt();
        }
        return last;
    }

    private static int recordCount(byte[] log) {
        int at = 30;
        int count = 0;
        while (at < log.length) {
            count++;
            at += 8 + java.nio.ByteBuffer.wrap(log, at, 4).getInt();
        }
        return count;
    }

    /**
     * One keygen round through the scripts: a server that stops after one key (sealed also to the
     * distributor's certificate) and three clients, for a key with {@code purpose}; returns the key id all
     * receipts name.
     */
    private static String keygenRound(Deployment d, String purpose) throws Exception {
        int port = Deployment.freePort();
        RoleProcess server = d.start("keygen-server", args(d.identityArgs("keygen"), "--participants", "3",
                "--listen", "127.0.0.1:" + port, "--recipient", d.pki().resolve("distributor.pem").toString(),
                "--rounds", "1", "--purpose", purpose));
        server.awaitOut("^ready: listening on 127\\.0\\.0\\.1:" + port + " ", WAIT);
        List<RoleProcess> clients = new ArrayList<>();
        for (String name : List.of("kc-a", "kc-b", "kc-c")) {
            clients.add(d.start("keygen-client", args(d.identityArgs(name), "--server", "127.0.0.1:" + port,
                    "--data-dir", "clients/" + name)));
        }
        String keyId = null;
        for (RoleProcess c : clients) {
            assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
            Matcher m = Pattern.compile("(?m)^key-id: ([0-9a-f]{32})$").matcher(c.stdout());
            assertThat(m.find()).as(c.transcript()).isTrue();
            assertThat(keyId == null || keyId.equals(m.group(1))).as(c.transcript()).isTrue();
            keyId = m.group(1);
        }
        assertThat(server.awaitExit(WAIT)).as(server.transcript()).isZero();
        return keyId;
    }

    private static List<String> args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static String[] argv(List<String> first, String... more) {
        return args(first, more).toArray(String[]::new);
    }

    private static String[] requester(Deployment d, String name, int port, String... command) {
        List<String> args = new ArrayList<>(d.identityArgs(name));
        args.addAll(List.of("--server", "127.0.0.1:" + port));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    /** {@code oathtool --totp -b --now @EPOCH SECRET}, or null if oathtool is not installed. */
    private static String oathtool(String base32Secret, Instant at) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("oathtool", "--totp", "-b", "--now", "@" + at.getEpochSecond(), base32Secret)
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return null;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
