package dev.dkg.system;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay between a client and a server of the suite that can lose the server's messages the way a
 * dropped connection would: once {@link #armCut} is called, on the next connection the relay stops
 * delivering anything from the server as soon as the client has sent its first SEALED frame after the
 * handshake (it reads frame headers: {@code length u32 | type u8}, docs/protocol.md section 2). Whatever
 * the server sends in answer to that frame is read and thrown away.
 */
final class CuttingRelay implements AutoCloseable {
    private static final int SEALED = 4;

    private final ServerSocket listener;
    private final int target;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean cutDone = new AtomicBoolean();
    private final Thread acceptor;

    CuttingRelay(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next connection loses the server's messages from the client's first SEALED frame on. */
    void armCut() {
        cutDone.set(false);
        armed.set(true);
    }

    /** Whether an armed cut has happened. */
    boolean cut() {
        return cutDone.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5000);
                } catch (IOException e) {
                    client.close();
                    server.close();
                    continue;
                }
                boolean cutThis = armed.getAndSet(false);
                AtomicBoolean dropping = new AtomicBoolean();
                pump(client, server, true, cutThis, dropping);
                pump(server, client, false, false, dropping);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient, boolean cutThis, AtomicBoolean dropping) {
        Thread t = new Thread(() -> {
            try (from; to) {
                DataInputStream in = new DataInputStream(from.getInputStream());
                OutputStream out = to.getOutputStream();
                while (true) {
                    int length = in.readInt();
                    byte[] frame = new byte[length];
                    in.readFully(frame);
                    if (fromClient && cutThis && frame[0] == SEALED && !dropping.get()) {
                        // Set before forwarding: the server cannot answer before it has the frame.
                        dropping.set(true);
                        cutDone.set(true);
                    }
                    if (!fromClient && dropping.get()) {
                        continue;
                    }
                    writeFrame(out, length, frame);
                }
            } catch (IOException e) {
                // one side closed: closing both ends the connection as a real drop would
            }
        }, fromClient ? "relay-up" : "relay-down");
        t.setDaemon(true);
        t.start();
    }

    private static void writeFrame(OutputStream out, int length, byte[] frame) throws IOException {
        out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
