package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The group key's SubjectPublicKeyInfo export, read by the openssl binary and the JDK, and a 2-of-3
 * FROST Ed25519 signature that `openssl pkeyutl -verify` and the JDK's Ed25519 verifier accept.
 */
class GroupPublicKeyTest {
    private static boolean opensslInstalled;

    @TempDir
    Path dir;

    record Result(int exitCode, String output) {}

    @BeforeAll
    static void findOpenssl() {
        try {
            opensslInstalled = run(Path.of("."), "openssl", "version").exitCode() == 0;
        } catch (IOException e) {
            opensslInstalled = false;
        }
    }

    private static Result run(Path cwd, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Result openssl(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        return run(dir, command);
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void opensslLoadsTheExportedGroupKeyAndWritesTheSameDerBack(Ciphersuite suite) throws Exception {
        assumeTrue(opensslInstalled, "openssl not installed");
        GroupPublicKey key = new GroupPublicKey(PedersenDkgTest.run(suite, 3, 2).group().constant());
        Files.writeString(dir.resolve("PUB.pem"), key.toPem());
        Result text = openssl("pkey", "-pubin", "-in", "PUB.pem", "-noout", "-text");
        assertThat(text.exitCode()).as(text.output()).isZero();
        assertThat(text.output()).contains(switch (suite) {
            case ED25519 -> "ED25519 Public-Key";
            case SECP256K1 -> "ASN1 OID: secp256k1";
            case P256 -> "ASN1 OID: prime256v1";
        });
        Result der = openssl("pkey", "-pubin", "-in", "PUB.pem", "-outform", "DER", "-out", "PUB.der");
        assertThat(der.exitCode()).as(der.output()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("PUB.der"))).isEqualTo(key.toSubjectPublicKeyInfo());
        assertThat(GroupPublicKey.fromPem(key.toPem())).isEqualTo(key);
    }

    @Test
    void aTwoOfThreeFrostEd25519SignatureVerifiesWithOpensslAndTheJdk() throws Exception {
        Ciphersuite suite = Ciphersuite.ED25519;
        TrustedDealer.Keys keys = PedersenDkgTest.run(suite, 3, 2).asKeys();
        byte[] message = "the release v1.2.3 tarball digest".getBytes(StandardCharsets.UTF_8);
        Signature signature = SigningTest.signWith(new Frost(suite), keys, List.of(1, 3), message);
        GroupPublicKey key = new GroupPublicKey(keys.groupKey());

        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(key.toJavaPublicKey());
        jdk.update(message);
        assertThat(jdk.verify(signature.toBytes())).isTrue();
        jdk.initVerify(key.toJavaPublicKey());
        jdk.update(Arrays.copyOf(message, message.length - 1));
        assertThat(jdk.verify(signature.toBytes())).isFalse();

        assumeTrue(opensslInstalled, "openssl not installed");
        Files.writeString(dir.resolve("PUB.pem"), key.toPem());
        Files.write(dir.resolve("MSG"), message);
        Files.write(dir.resolve("SIG"), signature.toBytes());
        Result good = openssl("pkeyutl", "-verify", "-pubin", "-inkey", "PUB.pem", "-rawin", "-in", "MSG",
                "-sigfile", "SIG");
        assertThat(good.output()).contains("Signature Verified Successfully");
        assertThat(good.exitCode()).isZero();
        Files.write(dir.resolve("MSG"), "the release v1.2.4 tarball digest".getBytes(StandardCharsets.UTF_8));
        Result bad = openssl("pkeyutl", "-verify", "-pubin", "-inkey", "PUB.pem", "-rawin", "-in", "MSG",
                "-sigfile", "SIG");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).doesNotContain("Signature Verified Successfully");
    }

    @Test
    void keysWrittenByOpensslAndTheJdkAreReadBack() throws Exception {
        assumeTrue(opensslInstalled, "openssl not installed");
        for (String curve : List.of("secp256k1", "prime256v1")) {
            assertThat(openssl("ecparam", "-name", curve, "-genkey", "-noout", "-out", "k.pem").exitCode()).isZero();
            assertThat(openssl("pkey", "-in", "k.pem", "-pubout", "-out", "p.pem").exitCode()).isZero();
            GroupPublicKey key = GroupPublicKey.fromPem(Files.readString(dir.resolve("p.pem")));
            assertThat(key.suite()).isEqualTo(curve.equals("secp256k1") ? Ciphersuite.SECP256K1 : Ciphersuite.P256);
        }
        assertThat(openssl("genpkey", "-algorithm", "ed25519", "-out", "e.pem").exitCode()).isZero();
        assertThat(openssl("pkey", "-in", "e.pem", "-pubout", "-out", "ep.pem").exitCode()).isZero();
        assertThat(GroupPublicKey.fromPem(Files.readString(dir.resolve("ep.pem"))).suite()).isEqualTo(Ciphersuite.ED25519);

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        ECPublicKey jdkKey = (ECPublicKey) ec.generateKeyPair().getPublic();
        GroupPublicKey read = GroupPublicKey.fromSubjectPublicKeyInfo(jdkKey.getEncoded());
        assertThat(read.toJavaPublicKey()).isEqualTo(jdkKey);
    }

    @Test
    void malformedOrForeignKeysAreRefused() throws Exception {
        GroupPublicKey key = new GroupPublicKey(Ciphersuite.ED25519.baseMultiply(java.math.BigInteger.TEN));
        byte[] der = key.toSubjectPublicKeyInfo();
        assertThatThrownBy(() -> GroupPublicKey.fromSubjectPublicKeyInfo(Arrays.copyOf(der, der.length + 1)))
                .isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> GroupPublicKey.fromSubjectPublicKeyInfo(Arrays.copyOf(der, der.length - 1)))
                .isInstanceOf(InvalidEncodingException.class);
        byte[] smallOrder = der.clone();
        Arrays.fill(smallOrder, der.length - 32, der.length, (byte) 0); // the order-4 point y = 0
        assertThatThrownBy(() -> GroupPublicKey.fromSubjectPublicKeyInfo(smallOrder))
                .isInstanceOf(InvalidEncodingException.class);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        byte[] rsaKey = rsa.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> GroupPublicKey.fromSubjectPublicKeyInfo(rsaKey))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("not Ed25519, secp256k1 or P-256");
        assertThatThrownBy(() -> GroupPublicKey.fromPem("-----BEGIN PUBLIC KEY-----\n@@@\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> GroupPublicKey.fromPem("hello")).isInstanceOf(InvalidEncodingException.class);
    }
}
