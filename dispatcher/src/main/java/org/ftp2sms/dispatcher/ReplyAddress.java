package org.ftp2sms.dispatcher;

import java.util.Locale;

/**
 * A sender as replies are matched to it: the connector's sender as submitted ({@link SenderAddress}: digits without
 * {@code +}, or the alphanumeric name) on one side, the destination address of the reply on the other, compared
 * without case.
 */
final class ReplyAddress {
    private ReplyAddress() {
    }

    static String of(String address) {
        return SenderAddress.of(address).address().toUpperCase(Locale.ROOT);
    }
}
