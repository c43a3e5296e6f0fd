package dev.dkg.acl;

import dev.dkg.otp.protocol.OtpOperation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AclTest {
    private static final List<String> OTP = OtpOperation.fileNames();
    private static final String GET = "get";
    private static final String VERIFY = "verify";
    private static final String ENROLL = "enroll";

    private static Acl parse(String... lines) throws AclException {
        return Acl.parse("acl.conf", List.of(lines), OTP);
    }

    @Test
    void grantsOnlyTheListedOperations() throws AclException {
        Acl acl = parse("bob 3f2a get,verify");

        assertThat(acl.allows("bob", "3f2a", GET)).isTrue();
        assertThat(acl.allows("bob", "3f2a", VERIFY)).isTrue();
        assertThat(acl.allows("bob", "3f2a", ENROLL)).isFalse();
    }

    @Test
    void deniesByDefault() throws AclException {
        Acl acl = parse("bob 3f2a get");

        assertThat(acl.allows("carol", "3f2a", GET)).isFalse();
        assertThat(acl.allows("bob", "3f2b", GET)).isFalse();
        assertThat(Acl.denyAll().allows("bob", "3f2a", GET)).isFalse();
        assertThat(parse().operations("bob", "3f2a")).isEmpty();
    }

    @Test
    void matchesRequesterExactlyAndCaseSensitively() throws AclException {
        Acl acl = parse("bob * get");

        assertThat(acl.allows("Bob", "k", GET)).isFalse();
        assertThat(acl.allows("bobby", "k", GET)).isFalse();
        assertThat(acl.allows("bob", "k", GET)).isTrue();
    }

    @Test
    void matchesKeyGlobsWithStarAndQuestionMark() throws AclException {
        Acl acl = parse("bob team-*-prod get", "bob key-?? verify", "alice * enroll");

        assertThat(acl.allows("bob", "team-payments-prod", GET)).isTrue();
        assertThat(acl.allows("bob", "team--prod", GET)).isTrue();
        assertThat(acl.allows("bob", "team-payments-prod2", GET)).isFalse();
        assertThat(acl.allows("bob", "key-42", VERIFY)).isTrue();
        assertThat(acl.allows("bob", "key-4", VERIFY)).isFalse();
        assertThat(acl.allows("bob", "key-421", VERIFY)).isFalse();
        assertThat(acl.allows("alice", "anything at all", ENROLL)).isTrue();
    }

    @Test
    void unionsTheOperationsOfEveryMatchingRule() throws AclException {
        Acl acl = parse("bob k* get", "bob key1 enroll");

        assertThat(acl.operations("bob", "key1")).containsExactlyInAnyOrder(GET, ENROLL);
        assertThat(acl.operations("bob", "key2")).containsExactly(GET);
    }

    @Test
    void ignoresCommentsAndBlankLines() throws AclException {
        Acl acl = parse("# who may do what", "", "   \t ", "bob key1 get   # bob's laptop", "#carol key1 get");

        assertThat(acl.allows("bob", "key1", GET)).isTrue();
        assertThat(acl.allows("carol", "key1", GET)).isFalse();
    }

    @Test
    void acceptsTabsBetweenFields() throws AclException {
        assertThat(parse("bob\tkey1\t\tverify").allows("bob", "key1", VERIFY)).isTrue();
    }

    @Test
    void rejectsWrongNumberOfFieldsWithItsLineNumber() {
        assertThatThrownBy(() -> parse("# header", "bob key1 get", "bob key1"))
                .isInstanceOfSatisfying(AclException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.problem()).contains("expected 3 fields").contains("found 2");
                    assertThat(e.getMessage()).startsWith("acl.conf line 3: ");
                });
        assertThatThrownBy(() -> parse("bob key1 get verify")).isInstanceOfSatisfying(AclException.class,
                e -> assertThat(e.problem()).contains("found 4"));
    }

    @Test
    void rejectsUnknownOperation() {
        assertThatThrownBy(() -> parse("", "bob key1 get,delete"))
                .isInstanceOfSatisfying(AclException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(2);
                    assertThat(e.problem()).isEqualTo("unknown operation 'delete' (expected get, verify, enroll or admin)");
                });
        assertThatThrownBy(() -> parse("bob key1 GET")).isInstanceOf(AclException.class);
    }

    @Test
    void rejectsEmptyAndDuplicateOperations() {
        assertThatThrownBy(() -> parse("bob key1 get,")).isInstanceOfSatisfying(AclException.class,
                e -> assertThat(e.problem()).startsWith("empty operation"));
        assertThatThrownBy(() -> parse("bob key1 get,,verify")).isInstanceOf(AclException.class);
        assertThatThrownBy(() -> parse("bob key1 get,verify,get")).isInstanceOfSatisfying(AclException.class,
                e -> assertThat(e.problem()).isEqualTo("operation 'get' listed twice"));
    }

    @Test
    void rejectsGlobInRequester() {
        assertThatThrownBy(() -> parse("* key1 get")).isInstanceOfSatisfying(AclException.class,
                e -> assertThat(e.problem()).contains("exact name"));
    }

    @Test
    void loadsFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("acl.conf");
        Files.writeString(good, "bob key1 get\n");
        assertThat(Acl.load(good, OTP).allows("bob", "key1", GET)).isTrue();

        Path bad = dir.resolve("broken.acl");
        Files.writeString(bad, "bob key1 get\nbob key1 fly\n");
        assertThatThrownBy(() -> Acl.load(bad, OTP)).isInstanceOf(AclException.class)
                .hasMessageStartingWith("broken.acl line 2: unknown operation 'fly'");
    }

    @Test
    void globMatchingFollowsStarAndQuestionMarkRules() {
        assertThat(Acl.globMatches("*", "")).isTrue();
        assertThat(Acl.globMatches("?", "")).isFalse();
        assertThat(Acl.globMatches("a*b*c", "axxbyyc")).isTrue();
        assertThat(Acl.globMatches("a*b*c", "axxbyy")).isFalse();
        assertThat(Acl.globMatches("*abc", "ababc")).isTrue();
        assertThat(Acl.globMatches("a**", "a")).isTrue();
        assertThat(Acl.globMatches("abc", "abcd")).isFalse();
    }

    @Test
    @Timeout(5)
    void pathologicalGlobStaysFast() {
        String text = "a".repeat(20_000);
        String pattern = "*a".repeat(50) + "b";
        assertThat(Acl.globMatches(pattern, text)).isFalse();
    }
}
