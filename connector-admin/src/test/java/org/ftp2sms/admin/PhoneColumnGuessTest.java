package org.ftp2sms.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneColumnGuessTest {
    @Test
    void recognisesTheUsualNamesInAnyCase() {
        for (String name : List.of("phone", "Phone_Number", "PHONENUMBER", "mobile", "mobile_phone", "GSM", "msisdn",
                "cell", "tel", "Telephone")) {
            assertThat(PhoneColumnGuess.in(List.of("first_name", name, "code"))).as(name).contains(name);
        }
    }

    @Test
    void noneWhenNoColumnLooksLikeAPhoneAndTheFirstWhenSeveralDo() {
        assertThat(PhoneColumnGuess.in(List.of("name", "telegram", "phones_sold"))).isEmpty();
        assertThat(PhoneColumnGuess.in(List.of("name", "gsm", "phone"))).contains("gsm");
    }
}
