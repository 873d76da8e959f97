package org.ftp2sms.smsc;

import java.util.Optional;

/** The concatenation element of a user data header: 8-bit (IEI 0x00) or 16-bit (IEI 0x08) reference. */
record ConcatenatedPart(int reference, int total, int sequence) {

    static Optional<ConcatenatedPart> of(byte[] udh) {
        if (udh == null || udh.length < 2) {
            return Optional.empty();
        }
        int i = 1; // udh[0] is the header length
        while (i + 1 < udh.length) {
            int iei = udh[i] & 0xFF;
            int length = udh[i + 1] & 0xFF;
            int data = i + 2;
            if (data + length > udh.length) {
                return Optional.empty();
            }
            if (iei == 0x00 && length == 3) {
                return valid(udh[data] & 0xFF, udh[data + 1] & 0xFF, udh[data + 2] & 0xFF);
            }
            if (iei == 0x08 && length == 4) {
                return valid(((udh[data] & 0xFF) << 8) | (udh[data + 1] & 0xFF), udh[data + 2] & 0xFF, udh[data + 3] & 0xFF);
            }
            i = data + length;
        }
        return Optional.empty();
    }

    private static Optional<ConcatenatedPart> valid(int reference, int total, int sequence) {
        return total >= 1 && sequence >= 1 && sequence <= total
                ? Optional.of(new ConcatenatedPart(reference, total, sequence)) : Optional.empty();
    }
}
