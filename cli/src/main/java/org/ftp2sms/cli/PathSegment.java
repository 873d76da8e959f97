package org.ftp2sms.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A value placed in a URL path, so that an id cannot change which route is called. */
final class PathSegment {
    private PathSegment() {
    }

    static String of(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
