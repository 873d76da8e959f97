package org.ftp2sms.rules.phone;

import org.ftp2sms.contract.StatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNormalizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"0476123456", "+32 476 12 34 56", "0032476123456", "(0476) 12.34.56", "0476/12-34-56",
            " 0476 123 456 ", "32476123456"})
    void writtenFormsOfOneBelgianMobile(String raw) {
        assertThat(PhoneNormalizer.normalize(raw, "BE")).isEqualTo(PhoneResult.valid("32476123456"));
    }

    @Test
    void internationalNumberIgnoresTheDefaultCountry() {
        assertThat(PhoneNormalizer.normalize("+33 6 12 34 56 78", "BE")).isEqualTo(PhoneResult.valid("33612345678"));
        assertThat(PhoneNormalizer.normalize("0033612345678", "be")).isEqualTo(PhoneResult.valid("33612345678"));
    }

    @Test
    void emptyIsEmptyPhone() {
        assertThat(PhoneNormalizer.normalize("", "BE")).isInstanceOf(PhoneResult.Refused.class)
                .extracting(r -> ((PhoneResult.Refused) r).code()).isEqualTo(StatusCode.EMPTY_PHONE);
        assertThat(PhoneNormalizer.normalize("   ", "BE")).extracting(r -> ((PhoneResult.Refused) r).code())
                .isEqualTo(StatusCode.EMPTY_PHONE);
        assertThat(PhoneNormalizer.normalize(null, "BE").isValid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "3.24761E+10", "12", "0476 12", "+32 476 12 34 56 78 90 12", "047#6123456", "+32+476123456"})
    void garbageIsInvalidPhoneWithAReason(String raw) {
        PhoneResult result = PhoneNormalizer.normalize(raw, "BE");
        assertThat(result).isInstanceOf(PhoneResult.Refused.class);
        PhoneResult.Refused refused = (PhoneResult.Refused) result;
        assertThat(refused.code()).isEqualTo(StatusCode.INVALID_PHONE);
        assertThat(refused.reason()).isNotBlank();
    }

    @Test
    void localNumberWithoutDefaultCountryIsRefused() {
        assertThat(PhoneNormalizer.normalize("0476123456", null).isValid()).isFalse();
        assertThat(PhoneNormalizer.normalize("+32476123456", null)).isEqualTo(PhoneResult.valid("32476123456"));
    }
}
