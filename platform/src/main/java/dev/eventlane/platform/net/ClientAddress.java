package dev.eventlane.platform.net;

import java.util.List;

/**
 * Who sent a request: the connection's peer, or, when that peer is a trusted proxy, the nearest address in
 * {@code X-Forwarded-For} that is not a trusted proxy itself (the entries to its right were added by proxies). One
 * rule for every service, so a client cannot pick its own address by sending the header straight to one of them.
 */
public final class ClientAddress {

    private final List<String> trustedProxies;

    /** @param trustedProxies addresses or CIDR blocks (IPv4 or IPv6) whose {@code X-Forwarded-For} is believed */
    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client's address, from the connection's {@code peer} and the request's {@code X-Forwarded-For}. */
    public String of(String peer, String forwardedFor) {
        if (peer == null || forwardedFor == null || forwardedFor.isBlank() || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trusted(hop)) {
                return Cidr.literal(hop) != null ? hop : peer;
            }
        }
        return peer;
    }

    private boolean trusted(String address) {
        for (String proxy : trustedProxies) {
            if (Cidr.contains(proxy, address)) {
                return true;
            }
        }
        return false;
    }
}
