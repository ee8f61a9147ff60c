package dev.eventlane.streams.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses endpoints that resolve to the dispatcher's own networks (loopback, private, link-local, unique-local,
 * unspecified, multicast) unless they are allowed: a project member must not be able to make the dispatcher probe
 * the internal network. The check resolves the host before every attempt; a name re-pointed between the check and
 * the request (DNS rebinding) is not caught, which is why the default is to refuse and deployments that need internal
 * receivers allow them explicitly.
 */
final class TargetGuard {

    private final boolean allowPrivate;

    TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why the URL may not be called, or null when it may. */
    String refusal(URI url) {
        if (allowPrivate) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (isInternal(address)) {
                    return url.getHost() + " resolves to " + address.getHostAddress()
                            + ", an internal address (EVENTLANE_ALERTS_WEBHOOKS_ALLOW_PRIVATE_NETWORKS allows it)";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return null; // the request itself fails, and is retried: the name may come back
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xfe) == 0xfc; // fc00::/7, unique local
        }
        // 100.64.0.0/10, carrier-grade NAT; 169.254/16 is link-local above.
        return (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    }
}
