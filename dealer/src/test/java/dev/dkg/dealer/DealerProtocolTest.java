package dev.dkg.dealer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dealer's side of the sharing protocol, against scripted holders over real channels. */
class DealerProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final StringWriter printed = new StringWriter();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private DealerService service;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private DealerService start(Clock clock) throws IOException {
        service = DealerService.start(new InetSocketAddress("127.0.0.1", 0), dir.resolve("data"),
                TestPki.identity("dealer", Role.DEALER), TestPki.trust(), new PrintWriter(printed, true), clock);
        return service;
    }

    private FakeHolder holder(String name) throws IOException {
        FakeHolder h = FakeHolder.connect(TestPki.identity(name, Role.SHARE_HOLDER), service.port());
        toClose.add(h);
        return h;
    }

    private Path clearFile() throws IOException {
        Path f = dir.resolve("clear.txt");
        Files.writeString(f, "the protected file\n".repeat(5000));
        return f;
    }

    private VaultId split(int t, String... names) throws Exception {
        return service.dealer().split(t, List.of(names), "a phrase".toCharArray(), clearFile(), WAIT);
    }

    @Test
    void splitsAndRecoversTheFile() throws Exception {
        start(Clock.systemUTC());
        List<FakeHolder> hs = List.of(holder("alice"), holder("bob"), holder("carol"));
        VaultId vault = split(2, "alice", "bob", "carol");
        assertThat(hs).allMatch(h -> h.share != null);
        assertThat(printed.toString()).contains("vault " + vault + ": 2-of-3").contains("you may delete it");
        Path out = dir.resolve("out.txt");
        service.dealer().combine(vault, out, false, false, WAIT);
        assertThat(Files.readString(out)).isEqualTo(Files.readString(clearFile()));
        assertThat(printed.toString()).doesNotContain("a phrase");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foreign-ca", "expired", "wrong-role"})
    void holderWithABadCertificateCannotConnectAndGetsNoShare(String variant) throws Exception {
        start(Clock.systemUTC());
        FakeHolder alice = holder("alice");
        FakeHolder bob = holder("bob");
        Function<String, Identity> bad = switch (variant) {
            case "foreign-ca" -> n -> TestPki.foreignCaIdentity(n, Role.SHARE_HOLDER);
            case "expired" -> n -> TestPki.expiredIdentity(n, Role.SHARE_HOLDER);
            default -> n -> TestPki.identity(n, Role.KEYGEN_CLIENT);
        };
        assertThatThrownBy(() -> FakeHolder.connect(bad.apply("mallory"), service.port()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> service.dealer().split(2, List.of("alice", "bob", "mallory"), "p".toCharArray(),
                clearFile(), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
                    assertThat(e.getMessage()).contains("mallory").contains("no share was sent");
                });
        assertThat(alice.kindsReceived).isEmpty();
        assertThat(bob.kindsReceived).isEmpty();
        // The wait said whom it waited for and how long.
        assertThat(printed.toString()).containsPattern("2/3 holders connected: alice bob, 3 needed; waiting up to "
                + "[0-9]+ s more for mallory");
        assertThat(service.vaults().list()).isEmpty();
    }

    @Test
    void certificateThatExpiredSinceConnectingGetsNoShare() throws Exception {
        start(Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC));
        FakeHolder alice = holder("alice");
        FakeHolder bob = holder("bob");
        assertThatThrownBy(() -> split(2, "alice", "bob"))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.VERIFICATION);
                    assertThat(e.getMessage()).contains("holder 'alice' certificate rejected").contains("expired");
                });
        assertThat(alice.kindsReceived).isEmpty();
        assertThat(bob.kindsReceived).isEmpty();
    }

    @Test
    void aMissingReceiptFailsTheSplitNamingTheHolderAndKeepsNoVault() throws Exception {
        start(Clock.systemUTC());
        FakeHolder alice = holder("alice");
        holder("bob").behaviour = FakeHolder.Behaviour.REFUSE;
        assertThatThrownBy(() -> split(2, "alice", "bob"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage())
                        .contains("split failed").contains("bob").doesNotContain("alice"));
        assertThat(service.vaults().list()).isEmpty();
        awaitKind(alice, SharingKinds.SHARE_DELETE);
        try (var files = Files.list(dir.resolve("data").resolve("vaults"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aLabelIsKeptAndAStateWrittenBeforeLabelsStillReads() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        VaultId vault = service.dealer().split(2, List.of("alice", "bob"), "p".toCharArray(), clearFile(),
                "team notes", WAIT);
        VaultState state = service.vaults().state(vault);
        assertThat(state.label()).isEqualTo("team notes");
        assertThat(state.summary()).startsWith(vault + " \"team notes\": 2-of-2 alice,bob");
        byte[] unlabelled = state.withPending(List.of()).encode();
        // An old record: everything up to the pending list, no label string (u16 length + bytes) after it.
        byte[] old = java.util.Arrays.copyOf(unlabelled, unlabelled.length - 2 - "team notes".length());
        VaultState read = VaultState.decode(old);
        assertThat(read.label()).isEmpty();
        assertThat(read.holderNames()).containsExactly("alice", "bob");
    }

    @Test
    void aFailedSplitNamesTheRefusingHoldersOwnReason() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        FakeHolder bob = holder("bob");
        bob.behaviour = FakeHolder.Behaviour.REFUSE;
        bob.refusal = dev.dkg.sharing.Refusal.Reason.ALREADY_HELD;
        assertThatThrownBy(() -> split(2, "alice", "bob"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage())
                        .contains("bob (it refused: it already holds a share of this vault)")
                        .doesNotContain("did not verify"));
    }

    @Test
    void aTamperedShareIsRejectedAndItsHolderNamedWhileTheOthersRecover() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        FakeHolder carol = holder("carol");
        holder("dave");
        VaultId vault = split(3, "alice", "bob", "carol", "dave");
        carol.behaviour = FakeHolder.Behaviour.TAMPER;
        Path out = dir.resolve("out.txt");
        CombineCeremony.Recovered r = service.dealer().combine(vault, out, false, false, WAIT);
        assertThat(r.rejected()).containsExactly("carol");
        assertThat(printed.toString()).contains("rejected the share of holder 'carol'")
                .contains("does not match the vault's commitments");
        assertThat(Files.readString(out)).isEqualTo(Files.readString(clearFile()));
    }

    @Test
    void aReplayedCollectionResponseIsRejected() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        FakeHolder carol = holder("carol");
        VaultId vault = split(2, "alice", "bob", "carol");
        service.dealer().combine(vault, dir.resolve("first.txt"), false, false, WAIT);
        awaitAnswer(carol);
        carol.behaviour = FakeHolder.Behaviour.REPLAY;
        CombineCeremony.Recovered r = service.dealer().combine(vault, dir.resolve("second.txt"), false, false, WAIT);
        assertThat(r.rejected()).containsExactly("carol");
        assertThat(printed.toString()).contains("rejected the share of holder 'carol': returned share answers "
                + "another request (stale nonce: replayed?)");
    }

    @Test
    void fewerThanThresholdGoodSharesWriteNothingAndSayHowManyAreMissing() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        FakeHolder carol = holder("carol");
        VaultId vault = split(3, "alice", "bob", "carol");
        carol.behaviour = FakeHolder.Behaviour.TAMPER;
        Path out = dir.resolve("out.txt");
        assertThatThrownBy(() -> service.dealer().combine(vault, out, false, false, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage())
                        .contains("only 2 good shares of the 3 needed: 1 missing; nothing was written")
                        .contains("rejected: carol"));
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
        }
    }

    @Test
    void combineNeverOverwritesWithoutForce() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        VaultId vault = split(2, "alice", "bob");
        Path out = dir.resolve("out.txt");
        Files.writeString(out, "keep me");
        assertThatThrownBy(() -> service.dealer().combine(vault, out, false, false, WAIT))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.IO));
        assertThat(Files.readString(out)).isEqualTo("keep me");
        service.dealer().combine(vault, out, true, true, WAIT);
        assertThat(Files.readString(out)).isEqualTo(Files.readString(clearFile()));
        assertThat(printed.toString()).contains("phrase: a phrase");
    }

    @Test
    void splitLimitsAreCheckedWithPlainMessages() {
        assertThatThrownBy(() -> Dealer.checkSplitLimits(1, List.of("a", "b"))).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Dealer.checkSplitLimits(3, List.of("a", "b"))).hasMessageContaining("exceeds the 2");
        assertThatThrownBy(() -> Dealer.checkSplitLimits(2, List.of("a", "b", "a"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> Dealer.checkSplitLimits(2, List.of("a", "b c"))).hasMessageContaining("bad name");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            many.add("h" + i);
        }
        assertThatThrownBy(() -> Dealer.checkSplitLimits(2, many)).hasMessageContaining("at most 255");
        Dealer.checkSplitLimits(255, many.subList(0, 255));
        Dealer.checkSplitLimits(2, List.of("a", "b"));
    }

    @Test
    void vaultFilesHoldNeitherThePhraseNorTheFile() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        VaultId vault = split(2, "alice", "bob");
        try (var files = Files.walk(service.vaults().dir(vault))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain("a phrase").doesNotContain("the protected file");
            }
        }
    }

    @Test
    void aHolderThatDisconnectsRightAfterItsReceiptCountsAndIsToldToCommitWhenItReturns() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        FakeHolder bob = holder("bob");
        bob.closeAfterReceipt = true;
        VaultId vault = split(2, "alice", "bob");
        assertThat(printed.toString()).contains("vault " + vault + ": 2-of-2 alice,bob; every holder acknowledged its "
                + "share; 1 of 2 holders have not yet confirmed the split: bob");
        assertThat(service.vaults().state(vault).pendingNames()).containsExactly("bob");

        FakeHolder back = holder("bob");
        awaitKind(back, SharingKinds.EPOCH_COMMIT);
        for (int i = 0; i < 100 && !service.vaults().state(vault).pending().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(service.vaults().state(vault).pending()).isEmpty();
        service.dealer().status(new PrintWriter(printed, true));
        assertThat(printed.toString()).doesNotContain("not yet confirmed:");
    }

    @Test
    void aHolderInNoVaultThatFloodsIsClosedWhileTheInboxStaysBoundedAndASplitSucceeds() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        SecureChannel flooder = SecureChannel.connect("127.0.0.1", service.port(),
                TestPki.identity("zed", Role.SHARE_HOLDER), TestPki.trust(), java.util.Set.of(Role.DEALER), null, WAIT);
        toClose.add(flooder::close);
        byte[] mebibyte = new byte[1_000_000];
        int sent = 0;
        int maxQueued = 0;
        Thread splitting = new Thread(() -> {
            try {
                split(2, "alice", "bob");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        splitting.start();
        try {
            for (; sent < 150; sent++) {
                flooder.send(sent % 2 == 0 ? SharingKinds.RECEIPT : SharingKinds.SHARE_RETURN, mebibyte);
                maxQueued = Math.max(maxQueued, service.holders().queuedMessages());
            }
        } catch (IOException e) {
            // the dealer closed the flooder's connection
        }
        splitting.join(30_000);
        // A send failed: the dealer had closed the connection (the flooder itself never closes it).
        assertThat(sent).as("messages sent before the dealer closed the connection").isLessThan(150);
        assertThat(maxQueued).isLessThanOrEqualTo(2 * HolderRegistry.MAX_QUEUED_PER_HOLDER);
        assertThat(service.holders().queuedMessages()).isZero();
        assertThat(service.vaults().list()).hasSize(1);
        assertThat(printed.toString()).contains("closed the connection of holder 'zed'");
    }

    @Test
    void aHolderWithAReissuedCertificateIsNamedOncePerConnection() throws Exception {
        start(Clock.systemUTC());
        holder("alice");
        holder("bob");
        FakeHolder carol = holder("carol");
        VaultId vault = split(3, "alice", "bob", "carol");
        carol.close();
        Identity reissued = TestPki.ca().issue(new dev.dkg.pki.Subject("carol", Role.SHARE_HOLDER),
                TestPki.keyPair("carol-reissued"), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        toClose.add(FakeHolder.connect(reissued, service.port()));
        assertThatThrownBy(() -> service.dealer().combine(vault, dir.resolve("out.txt"), false, false,
                Duration.ofSeconds(3))).hasMessageContaining("only 2 good shares");
        String text = printed.toString();
        String line = "holder 'carol' connected with another key";
        assertThat(text.split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
    }

    private static void awaitKind(FakeHolder h, int kind) throws InterruptedException {
        for (int i = 0; i < 100 && !h.receivedAny(kind); i++) {
            Thread.sleep(50);
        }
        assertThat(h.receivedAny(kind)).isTrue();
    }

    private static void awaitAnswer(FakeHolder h) throws InterruptedException {
        for (int i = 0; i < 100 && h.lastAnswer == null; i++) {
            Thread.sleep(50);
        }
        assertThat(h.lastAnswer).isNotNull();
    }
}
