package dev.dkg.keygen.server;

import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.KeyApplications;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.otp.Base32;
import dev.dkg.otp.OtpAuthUri;
import dev.dkg.otp.OtpParameters;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Writes a stored key in one of its application forms ({@link KeyApplications}) to a new owner-only file:
 * text for OTP and AES, PEM (PKCS#8 private key, then SubjectPublicKeyInfo) for EC and Ed25519, so the files
 * load in standard tools ({@code openssl pkey -in FILE}).
 */
final class KeyExport {
    /**
     * OTP exports name this issuer in the otpauth:// URI unless told otherwise: the distributor's default
     * {@code --issuer}, so an export and an ENROLL of the same key are one authenticator entry.
     */
    static final String OTP_ISSUER = "dkg";

    /**
     * The label of an OTP export's URI: {@code issuer} and {@code account}, or null for the defaults (issuer
     * {@value #OTP_ISSUER}, account the key id), which are the label the distributor's ENROLL gives the
     * same key (docs/protocol.md 13.5, "otpauth URI").
     */
    record OtpLabel(String issuer, String account) {
        static final OtpLabel DEFAULT = new OtpLabel(null, null);
    }

    enum Format {
        OTP("otp"), AES256("aes256"), P256("p256"), SECP256K1("secp256k1"), ED25519("ed25519"),
        /** A threshold key's group public key; ordinary keys refuse it (ExportCommand). */
        PUBLIC("public");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** Accepts the lower-case labels. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.label.equals(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("unknown format '" + value + "' (one of: "
                    + Arrays.stream(Format.values()).map(Format::label).collect(Collectors.joining(", ")) + ")");
        }
    }

    private KeyExport() {}

    static void write(KeyRecord record, Format format, Path out) throws IOException {
        write(record, format, out, OtpLabel.DEFAULT);
    }

    static void write(KeyRecord record, Format format, Path out, OtpLabel label) throws IOException {
        String text = text(record, format, label);
        SecretFiles.writeNew(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.US_ASCII);
            w.write(text);
            w.flush();
        });
    }

    /** The export as the text written to the file (the same for a file and for standard output). */
    static String text(KeyRecord record, Format format, OtpLabel label) throws IOException {
        byte[] key = record.key();
        try {
            return switch (format) {
                case OTP -> otpText(record, key, label);
                case AES256 -> aes256Hex(key) + "\n";
                case P256 -> pem(KeyApplications.ecKeyPair(key, KeyApplications.Curve.P256));
                case SECP256K1 -> pem(KeyApplications.ecKeyPair(key, KeyApplications.Curve.SECP256K1));
                case ED25519 -> pem(KeyApplications.ed25519KeyPair(key));
                case PUBLIC -> throw new IllegalArgumentException("an ordinary key has no 'public' export");
            };
        } finally {
            Secrets.wipe(key);
        }
    }

    private static String aes256Hex(byte[] key) {
        byte[] aes = KeyApplications.aes256Key(key);
        try {
            return HexFormat.of().formatHex(aes);
        } finally {
            Secrets.wipe(aes);
        }
    }

    private static String otpText(KeyRecord record, byte[] key, OtpLabel label) {
        byte[] secret = KeyApplications.otpSecret(key);
        try {
            OtpParameters parameters = OtpParameters.forPurpose(record.parameters().purpose());
            OtpAuthUri uri = OtpAuthUri.totp(label.issuer() == null ? OTP_ISSUER : label.issuer(),
                    label.account() == null ? record.keyId() : label.account(), secret, parameters);
            return "# OTP secret of key " + record.keyId() + " (RFC 6238 TOTP, "
                    + parameters.algorithm().uriName() + ", " + parameters.digits() + " digits, "
                    + parameters.stepSeconds() + " s)\n"
                    + "secret: " + Base32.encode(secret) + "\n"
                    + "uri: " + uri.reveal() + "\n";
        } finally {
            Secrets.wipe(secret);
        }
    }

    private static String pem(KeyApplications.DerivedKeyPair pair) throws IOException {
        try {
            StringWriter text = new StringWriter();
            PemWriter pem = new PemWriter(text);
            pem.writeObject(new PemObject("PRIVATE KEY", pair.privateKeyInfo()));
            pem.writeObject(new PemObject("PUBLIC KEY", pair.subjectPublicKeyInfo()));
            pem.flush();
            return text.toString();
        } finally {
            pair.wipe();
        }
    }
}
