package dev.eventlane.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on the loopback interface.
 *
 * <p>Every server of the testkit binds to a port picked here, so that test JVMs, a running
 * {@code ./eventlane up} stack and parallel builds never collide on fixed ports. The OS hands out a
 * port by binding port 0; the port is remembered so that two calls in this JVM never return the
 * same one even before the first caller has bound it.
 */
public final class Ports {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port nobody listens on right now, never returned before by this JVM. */
    public static int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = bindEphemeral();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port found on the loopback interface");
    }

    private static int bindEphemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an ephemeral port", e);
        }
    }
}
