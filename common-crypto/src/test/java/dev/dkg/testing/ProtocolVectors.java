package dev.dkg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test vectors of docs/protocol.md, read from the document itself so that the document and the code
 * cannot drift: {@code ```vector} blocks of {@code name = value} lines (indented lines continue a value) and
 * {@code ```pem NAME} blocks holding the test keys.
 */
public final class ProtocolVectors {
    private static ProtocolVectors loaded;

    private final List<Vector> vectors;
    private final Map<String, String> pems;

    /** One vector block. */
    public record Vector(Map<String, String> values) {
        public String name() {
            return text("vector");
        }

        public String text(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("vector " + values.get("vector") + " has no " + key);
            }
            return v;
        }

        public byte[] hex(String key) {
            return HexFormat.of().parseHex(text(key));
        }

        public byte[] utf8(String key) {
            return text(key + "-text").getBytes(StandardCharsets.UTF_8);
        }

        public long number(String key) {
            return Long.parseLong(text(key));
        }
    }

    private ProtocolVectors(List<Vector> vectors, Map<String, String> pems) {
        this.vectors = vectors;
        this.pems = pems;
    }

    public static synchronized ProtocolVectors load() {
        if (loaded == null) {
            loaded = parse(document());
        }
        return loaded;
    }

    /** docs/protocol.md of the project root, found by walking up from the working directory. */
    public static Path document() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path doc = dir.resolve("docs").resolve("protocol.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docs/protocol.md not found above " + Path.of("").toAbsolutePath());
    }

    static ProtocolVectors parse(Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Vector> vectors = new ArrayList<>();
        Map<String, String> pems = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("```vector")) {
                Map<String, String> values = new LinkedHashMap<>();
                String last = null;
                for (i++; !lines.get(i).equals("```"); i++) {
                    String l = lines.get(i);
                    if (l.startsWith(" ") && last != null) {
                        values.put(last, values.get(last) + l.strip());
                    } else {
                        int eq = l.indexOf(" = ");
                        if (eq < 0) {
                            throw new IllegalStateException(doc + ":" + (i + 1) + ": not 'name = value': " + l);
                        }
                        last = l.substring(0, eq);
                        values.put(last, l.substring(eq + 3));
                    }
                }
                vectors.add(new Vector(values));
            } else if (line.startsWith("```pem ")) {
                String name = line.substring(7).strip();
                StringBuilder pem = new StringBuilder();
                for (i++; !lines.get(i).equals("```"); i++) {
                    pem.append(lines.get(i)).append('\n');
                }
                pems.put(name, pem.toString());
            }
        }
        return new ProtocolVectors(vectors, pems);
    }

    /** All vectors named {@code name}, in document order; fails if there is none. */
    public List<Vector> all(String name) {
        List<Vector> found = vectors.stream().filter(v -> v.name().equals(name)).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("docs/protocol.md has no vector named " + name);
        }
        return found;
    }

    /** The only vector named {@code name}. */
    public Vector one(String name) {
        List<Vector> found = all(name);
        if (found.size() != 1) {
            throw new IllegalStateException("docs/protocol.md has " + found.size() + " vectors named " + name);
        }
        return found.get(0);
    }

    /** The test key pair published in the document under {@code name}. */
    public KeyPair key(String name) {
        String pem = pems.get(name);
        if (pem == null) {
            throw new IllegalStateException("docs/protocol.md has no pem block " + name);
        }
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent())),
                    priv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("pem block " + name + " is not an RSA PKCS#8 key", e);
        }
    }

    public int count() {
        return vectors.size();
    }
}
