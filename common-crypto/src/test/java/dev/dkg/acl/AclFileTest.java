package dev.dkg.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.otp.protocol.OtpOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed ACL file takes effect on the next refresh; a broken one never does. */
class AclFileTest {
    private static final List<String> OTP = OtpOperation.fileNames();
    private static final String GET = "get";
    private static final String VERIFY = "verify";
    private static final String ENROLL = "enroll";

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();

    private Path write(String... lines) throws Exception {
        Path file = dir.resolve("acl.conf");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void aRevocationTakesEffectAtTheNextRefreshWithoutARestart() throws Exception {
        Path file = write("bob " + KEY + " get,verify", "carol * get");
        AclFile acl = AclFile.load(file, OTP, events::add);
        assertThat(acl.get().allows("bob", KEY, VERIFY)).isTrue();

        acl.refresh();
        assertThat(events).as("unchanged file").isEmpty();

        write("carol * get");
        acl.refresh();
        assertThat(acl.get().allows("bob", KEY, GET)).isFalse();
        assertThat(acl.get().allows("carol", KEY, GET)).isTrue();
        assertThat(events).containsExactly("acl reloaded: 1 rule");
    }

    @Test
    void aBrokenOrMissingFileLeavesTheLastGoodRulesInForce() throws Exception {
        Path file = write("bob * get");
        AclFile acl = AclFile.load(file, OTP, events::add);

        write("bob * get", "mallory * get,sudo");
        acl.refresh();
        acl.refresh();
        assertThat(acl.get().allows("bob", KEY, GET)).isTrue();
        assertThat(acl.get().mentions("mallory")).isFalse();

        Files.delete(file);
        acl.refresh();
        assertThat(acl.get().allows("bob", KEY, GET)).isTrue();
        assertThat(events).isEmpty();

        write("bob * get", "mallory * get");
        acl.refresh();
        assertThat(acl.get().allows("mallory", KEY, GET)).isTrue();
        assertThat(events).containsExactly("acl reloaded: 2 rules");
    }

    @Test
    void aMalformedFileAtStartUpIsAnErrorNamingTheLine() throws Exception {
        Path file = write("# rules", "bob * get,sudo");
        assertThatThrownBy(() -> AclFile.load(file, OTP, events::add)).isInstanceOf(AclException.class)
                .hasMessageContaining("line 2");
    }
}
