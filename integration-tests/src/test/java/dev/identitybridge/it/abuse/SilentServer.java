package dev.identitybridge.it.abuse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Accepts TCP connections, counts them, reads whatever arrives and never answers a byte. */
final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new ArrayList<>();

    SilentServer(InetAddress address) throws IOException {
        socket = new ServerSocket(0, 50, address);
        Thread acceptor = new Thread(this::acceptLoop, "silent-server-" + address.getHostAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                accepted.incrementAndGet();
                synchronized (open) {
                    open.add(client);
                }
                Thread reader = new Thread(
                        () -> {
                            try (InputStream in = client.getInputStream()) {
                                in.transferTo(OutputStream.nullOutputStream());
                            } catch (IOException gone) {
                                // the client gave up
                            }
                        },
                        "silent-server-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket client : open) {
                client.close();
            }
        }
    }
}
