package dev.dkg.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/storage.md and the implementation in step: its test vector must match the code. */
class StorageDocTest {
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-f]{2}");

    @TempDir
    Path dir;

    @Test
    void implementationMatchesTheDocumentedTestVector() throws Exception {
        Map<String, byte[]> vector = testVector(Files.readString(projectRoot().resolve("docs/storage.md")));
        assertThat(vector).containsOnlyKeys("store-id", "payload", "header", "record");
        byte[] storeId = vector.get("store-id");
        byte[] payload = vector.get("payload");

        assertThat(LogFormat.encodeHeader(storeId)).isEqualTo(vector.get("header"));
        assertThat(LogFormat.encodeRecord(payload)).isEqualTo(vector.get("record"));

        Path file = dir.resolve("vector");
        Files.write(file, concat(vector.get("header"), vector.get("record")));
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertThat(tail.poll()).containsExactly(new LogRecord(0, payload));
        }
        try (RecordLog log = RecordLog.open(file)) {
            assertThat(log.storeId()).isEqualTo(storeId);
            assertThat(log.readAll()).containsExactly(new LogRecord(0, payload));
        }
    }

    @Test
    void documentedCrcCheckValueIsTheJdkCrc32c() throws Exception {
        String doc = Files.readString(projectRoot().resolve("docs/storage.md"));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(doc).contains(String.format("`0x%08X`", crc.getValue()));
    }

    /** The first fenced block after the "Test vector" heading, as label → bytes. */
    private static Map<String, byte[]> testVector(String doc) {
        int section = doc.indexOf("## 6. Test vector");
        assertThat(section).as("test vector section in docs/storage.md").isNotNegative();
        int open = doc.indexOf("```text\n", section);
        int close = doc.indexOf("\n```", open + 1);
        assertThat(open).isNotNegative();
        assertThat(close).isGreaterThan(open);
        List<String> lines = doc.substring(open + "```text\n".length(), close).lines().toList();

        Map<String, ByteArrayOutputStream> fields = new LinkedHashMap<>();
        ByteArrayOutputStream current = null;
        for (String line : lines) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            String[] tokens = content.trim().split("\\s+");
            for (int i = 0; i < tokens.length; i++) {
                String token = tokens[i];
                if (token.isEmpty()) {
                    continue;
                }
                if (i == 0 && !HEX_BYTE.matcher(token).matches()) {
                    current = new ByteArrayOutputStream();
                    assertThat(fields.put(token, current)).as("duplicate field %s", token).isNull();
                    continue;
                }
                assertThat(token).as("hex byte in line '%s'", line).matches(HEX_BYTE);
                assertThat(current).as("bytes before any field label").isNotNull();
                current.write(HexFormat.of().parseHex(token)[0]);
            }
        }
        Map<String, byte[]> vector = new LinkedHashMap<>();
        fields.forEach((name, bytes) -> vector.put(name, bytes.toByteArray()));
        return vector;
    }

    /** Walks up from the working directory (the module, under Maven) to the directory holding docs/. */
    private static Path projectRoot() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("docs"))) {
                return at;
            }
        }
        throw new AssertionError("no docs/ directory above " + Path.of("").toAbsolutePath());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
