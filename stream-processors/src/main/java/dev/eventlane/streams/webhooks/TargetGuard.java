package dev.eventlane.streams.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.jboss.logging.Logger;

/**
 * Resolves an endpoint's host once per attempt and says which address to connect to: the sender connects to exactly
 * that address (with the URL's host in the Host header and SNI), so a name re-pointed after the check (DNS
 * rebinding) cannot send the request elsewhere. Refuses hosts that resolve to the dispatcher's own networks
 * (loopback, private, link-local, unique-local, carrier-grade NAT, unspecified, multicast) unless they are allowed:
 * a project member must not be able to make the dispatcher probe the internal network.
 */
final class TargetGuard {

    /** Name resolution; {@link InetAddress#getAllByName} outside tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Where to connect, or why not ({@code refusal} permanent, {@code unresolved} retried later). */
    record Target(InetAddress address, String refusal, boolean unresolved) {
    }

    private static final Logger LOG = Logger.getLogger(TargetGuard.class);

    private final boolean allowPrivate;
    private final Resolver resolver;

    TargetGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    TargetGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** The address to connect to for {@code url}, checked. */
    Target target(URI url) {
        String host = host(url);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Target(null, null, true); // retried: the name may come back
        }
        if (addresses.length == 0) {
            return new Target(null, null, true);
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    // The address stays in the service log: the delivery log is read by the project's members.
                    LOG.infof("Webhook target %s resolves to %s, an internal address; refused "
                            + "(EVENTLANE_ALERTS_WEBHOOKS_ALLOW_PRIVATE_NETWORKS allows it)", host,
                            address.getHostAddress());
                    return new Target(null, AttemptErrors.NOT_ALLOWED, false);
                }
            }
        }
        return new Target(addresses[0], null, false);
    }

    /** Why the URL may not be called, or null when it may (or cannot be resolved now). */
    String refusal(URI url) {
        return target(url).refusal();
    }

    /** The URL's host, without the brackets of an IPv6 literal. */
    static String host(URI url) {
        String host = url.getHost();
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
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
