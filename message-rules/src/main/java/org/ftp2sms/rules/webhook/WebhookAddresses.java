package org.ftp2sms.rules.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a webhook may be sent: {@code https} only, and never to this host, its network or the cluster's (loopback,
 * link-local such as the cloud metadata address 169.254.169.254, private, carrier-grade NAT, unique-local IPv6,
 * multicast, unspecified). A test or a lab may allow {@code http} and private addresses by settings. The admin
 * API checks the URL as written; the sender checks again every address the host resolves to at each call, and
 * connects to the one it checked (a DNS answer that changes between check and call changes nothing).
 *
 * @param allowHttp    {@code FTP2SMS_WEBHOOK_ALLOW_HTTP}
 * @param allowPrivate {@code FTP2SMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES}
 */
public record WebhookAddresses(boolean allowHttp, boolean allowPrivate) {
    public static final WebhookAddresses STRICT = new WebhookAddresses(false, false);

    /** Why {@code url} is refused as written, or empty. Looks nothing up. */
    public Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return Optional.of(allowHttp ? "must be an http(s) URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        String host = uri.getHost();
        if (!allowPrivate && (host.equalsIgnoreCase("localhost") || host.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost"))) {
            return Optional.of("must not point at this host");
        }
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            return refused(literal.get());
        }
        return Optional.empty();
    }

    /** Why a call to {@code address} is refused, or empty. */
    public Optional<String> refused(InetAddress address) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String kind = kindOfInternal(address);
        return kind == null ? Optional.empty()
                : Optional.of("resolves to " + address.getHostAddress() + ", a " + kind + " address");
    }

    /** The kind of non-public address, or null for a public one. */
    static String kindOfInternal(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first == 255 && second == 255) {
                return "reserved";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "carrier-grade NAT (shared)";
            }
            if (first == 169 && second == 254) {
                return "link-local";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "reserved";
            }
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "unique-local";
            }
            if (isV4Embedded(b)) {
                // ::ffff:10.0.0.1 and NAT64 64:ff9b::a.b.c.d reach an IPv4 address: judge that one.
                try {
                    return kindOfInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return "reserved";
                }
            }
        }
        return null;
    }

    private static boolean isV4Embedded(byte[] b) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        return mapped || nat64;
    }

    /** The address when {@code host} is an IP literal ({@code 10.0.0.1}, {@code [::1]}), else empty; no lookup. */
    public static Optional<InetAddress> literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = h.matches("[0-9.]+");
        boolean v6 = h.contains(":") && h.matches("[0-9a-fA-F:.%a-zA-Z]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(h)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
