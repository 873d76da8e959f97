package org.ftp2sms.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free at the time of asking, for servers a test must name a port for before they start (a child process, a
 * passive range); servers under test should still prefer binding port 0 where they can.
 *
 * <p>The ports come from below the kernel's ephemeral range, never from a {@code ServerSocket(0)}: an ephemeral port
 * handed to a child process can be taken in between as the local port of any outgoing connection (a Kafka client's),
 * and the child then fails to bind. No port is handed out twice by one JVM.
 */
public final class FreePorts {
    private static final int LOWEST = 20_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int EPHEMERAL_LOW = ephemeralLow();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        return firstOfFree(1);
    }

    /** {@code count} consecutive ports free right now, as FtpServer's passive range syntax {@code from-to}. */
    public static String range(int count) {
        int first = firstOfFree(count);
        return first + "-" + (first + count - 1);
    }

    private static int firstOfFree(int count) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_LOW - count);
            if (allFree(first, count) && claim(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found below " + EPHEMERAL_LOW);
    }

    private static boolean claim(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!HANDED_OUT.add(port)) {
                for (int taken = first; taken < port; taken++) {
                    HANDED_OUT.remove(taken);
                }
                return false;
            }
        }
        return true;
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            // The wildcard address: a bind there fails if anything holds the port on any address.
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static int ephemeralLow() {
        try {
            // Not Files.readString: it returns one byte of this sysctl file, whose size reads as 0.
            int low = Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
            return low > LOWEST + 1_000 ? low : 32_768;
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }
}
