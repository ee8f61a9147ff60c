package dev.eventlane.platform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether an address lies in a block ({@code 10.0.0.0/8}, {@code fd00::/8}) or equals an address. */
public final class Cidr {

    private Cidr() {
    }

    public static boolean contains(String block, String address) {
        int slash = block.indexOf('/');
        byte[] network = literal(slash < 0 ? block.strip() : block.substring(0, slash).strip());
        byte[] candidate = literal(address.strip());
        if (network == null || candidate == null || network.length != candidate.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? network.length * 8 : Integer.parseInt(block.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i < Math.min(bits, network.length * 8); i++) {
            int mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The address's bytes, for IP literals only (never a name lookup); null otherwise. */
    public static byte[] literal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
