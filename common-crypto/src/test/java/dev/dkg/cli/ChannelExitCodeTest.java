package dev.dkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.wire.ErrorCode;
import org.junit.jupiter.api.Test;

class ChannelExitCodeTest {
    @Test
    void channelFailuresMapToTheExitCodeOfTheirCategory() {
        assertThat(Cli.exitCodeOf(new ChannelException(ErrorCode.AUTHENTICATION, "x"))).isEqualTo(ExitCode.VERIFICATION);
        assertThat(Cli.exitCodeOf(new PeerRejectedException(3, "peer"))).isEqualTo(ExitCode.VERIFICATION);
        assertThat(Cli.exitCodeOf(new PeerRejectedException(4, "peer"))).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(Cli.exitCodeOf(new ChannelException(ErrorCode.TIMEOUT, "x"))).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(Cli.exitCodeOf(new ChannelException(ErrorCode.PROTOCOL, "x"))).isEqualTo(ExitCode.FAILURE);
    }
}
