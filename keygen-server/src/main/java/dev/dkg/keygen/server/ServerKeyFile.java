package dev.dkg.keygen.server;

import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.RsaKeys;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.pki.Pem;
import dev.dkg.pki.Role;
import dev.dkg.pki.Subject;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The keygen server's own RSA key when it makes it itself ({@code keygen-server init}): an encrypted PKCS#8
 * PEM file (PBES2: PBKDF2-HMAC-SHA-256, AES-256-CBC; readable by {@code openssl pkey}) in the data directory,
 * owner-only and never overwritten, plus a PKCS#10 request for {@code pki issue --csr}. The private key never
 * leaves the server's data directory.
 */
final class ServerKeyFile {
    static final String KEY_FILE = "keygen-server.key";
    static final String REQUEST_FILE = "keygen-server.csr";
    /** Used, not installed, for the PBES2 cipher names only Bouncy Castle knows ("AES/CBC/PKCS7Padding"). */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private ServerKeyFile() {}

    /** Makes the key pair and writes DIR/keygen-server.key and DIR/keygen-server.csr; refuses existing files. */
    static KeyPair create(Path dataDir, String name, int rsaBits, char[] password) throws IOException, GeneralSecurityException {
        Path keyFile = dataDir.resolve(KEY_FILE);
        Path requestFile = dataDir.resolve(REQUEST_FILE);
        for (Path f : new Path[] {keyFile, requestFile}) {
            if (Files.exists(f)) {
                throw new FileAlreadyExistsException(f.toString());
            }
        }
        SecretFiles.createPrivateDirectories(dataDir);
        KeyPair pair = RsaKeys.generate(rsaBits);
        try {
            JcaPKCS8Generator generator = new JcaPKCS8Generator(pair.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setPRF(PKCS8Generator.PRF_HMACSHA256)
                            .setIterationCount(Algorithms.PKCS12_KEY_PROTECTION_ITERATIONS)
                            .setRandom(new SecureRandom())
                            .setProvider(BOUNCY_CASTLE)
                            .setPassword(password)
                            .build());
            SecretFiles.writeNew(keyFile, out -> {
                Writer text = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(text);
                pem.writeObject(generator);
                pem.flush();
            });
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new Subject(name, Role.KEYGEN_SERVER).toX500Name(), pair.getPublic())
                    .build(new JcaContentSignerBuilder(Algorithms.CERT_SIGNATURE).build(pair.getPrivate()));
            Files.writeString(requestFile, Pem.encode(request), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot encrypt or sign with the new key: " + e.getMessage(), e);
        }
        return pair;
    }

    /** Decrypts DIR/keygen-server.key; a wrong password is an UnrecoverableKeyException. */
    static PrivateKey load(Path dataDir, char[] password) throws IOException, GeneralSecurityException {
        Path keyFile = dataDir.resolve(KEY_FILE);
        Object parsed;
        try (Reader in = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
            parsed = parser.readObject();
        }
        if (!(parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new IOException(keyFile + " is not an encrypted PKCS#8 private key");
        }
        try {
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(password));
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PKCSException e) {
            UnrecoverableKeyException wrong = new UnrecoverableKeyException("wrong password or damaged file: " + keyFile);
            wrong.initCause(e);
            throw wrong;
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot decrypt " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
