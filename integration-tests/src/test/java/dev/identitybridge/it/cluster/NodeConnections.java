package dev.identitybridge.it.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which local TCP ports one process (a Keycloak node's JVM) uses for its connections to a server port (PostgreSQL's):
 * the socket inodes of {@code /proc/<pid>/fd} matched against {@code /proc/net/tcp} and {@code tcp6}. Joined with
 * {@code pg_stat_activity.client_port}, this tells which node holds which database connection (both nodes connect
 * from 127.0.0.1 with the same application name).
 */
final class NodeConnections {

    private NodeConnections() {}

    static Set<Integer> localPortsTo(long pid, int remotePort) {
        Set<String> inodes = socketInodes(pid);
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            localPortsByInode(Path.of(table), remotePort).forEach((inode, port) -> {
                if (inodes.contains(inode)) {
                    ports.add(port);
                }
            });
        }
        return ports;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the sockets of process " + pid, e);
        }
        return inodes;
    }

    /** {@code inode -> local port} of the established connections to {@code remotePort}. */
    private static Map<String, Integer> localPortsByInode(Path table, int remotePort) {
        Map<String, Integer> ports = new HashMap<>();
        if (!Files.exists(table)) {
            return ports;
        }
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                int peerPort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                boolean established = "01".equals(f[3]);
                if (established && peerPort == remotePort) {
                    ports.put(f[9], localPort);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ports;
    }
}
