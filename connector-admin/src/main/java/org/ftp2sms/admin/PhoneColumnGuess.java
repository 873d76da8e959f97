package org.ftp2sms.admin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which column of a sample most likely holds the phone numbers, by its name: phone, phone_number, phonenumber,
 * mobile, mobile_phone, gsm, msisdn, cell, tel, telephone and the like, in any case, with or without {@code _}.
 * The first such column wins. Only a suggestion for the person setting up a connector: the connector's mapping
 * says which column it is.
 *
 * <p>A naming rule about CSV files, so it belongs in message-rules' csv package; it lives here until that
 * package's owner takes it.
 */
final class PhoneColumnGuess {
    private static final Set<String> NAMES = Set.of("phone", "phonenumber", "phoneno", "mobile", "mobilephone",
            "mobilenumber", "mobileno", "gsm", "gsmnumber", "msisdn", "cell", "cellphone", "cellnumber", "tel",
            "telephone", "telephonenumber", "telnumber");

    private PhoneColumnGuess() {
    }

    static Optional<String> in(List<String> columns) {
        return columns.stream().filter(PhoneColumnGuess::looksLikePhone).findFirst();
    }

    static boolean looksLikePhone(String column) {
        return column != null && NAMES.contains(column.toLowerCase(Locale.ROOT).replaceAll("[_\\s-]", ""));
    }
}
