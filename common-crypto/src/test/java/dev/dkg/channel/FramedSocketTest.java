package dev.dkg.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** The one-ERROR-then-close rule of {@link FramedSocket}, including two failures racing each other. */
class FramedSocketTest {

    @Test
    void twoFailuresAtOnceStillSendExactlyOneErrorBeforeTheClose() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 200; i++) {
                try (Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
                     FramedSocket server = new FramedSocket(listener.accept(), FrameReader.DEFAULT_MAX_LENGTH)) {
                    client.setSoTimeout(5_000);
                    CyclicBarrier start = new CyclicBarrier(2);
                    Thread deadline = new Thread(() -> {
                        await(start);
                        server.expire();
                    });
                    deadline.start();
                    await(start);
                    server.fail(ErrorCode.PROTOCOL);
                    deadline.join();

                    FrameReader in = new FrameReader(client.getInputStream());
                    Frame f = in.read();
                    assertThat(f.type()).as("attempt %d", i).isEqualTo(FrameType.ERROR);
                    assertThat(ErrorCode.decodeBody(f.body())).isIn(
                            Set.of(ErrorCode.PROTOCOL.code(), ErrorCode.TIMEOUT.code()));
                    assertThatThrownBy(in::read).isInstanceOf(EOFException.class);
                }
            }
        }
    }

    @Test
    void noErrorIsSentInAnswerToThePeersOwnError() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
             FramedSocket server = new FramedSocket(listener.accept(), FrameReader.DEFAULT_MAX_LENGTH)) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write(FrameWriter.encode(FrameType.ERROR, ErrorCode.PROTOCOL.body()));
            assertThatThrownBy(server::read).isInstanceOf(PeerRejectedException.class);
            server.fail(ErrorCode.PROTOCOL);

            assertThatThrownBy(() -> new FrameReader(client.getInputStream()).read()).isInstanceOf(EOFException.class);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
