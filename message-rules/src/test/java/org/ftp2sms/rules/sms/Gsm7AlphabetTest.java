package org.ftp2sms.rules.sms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gsm7AlphabetTest {

    @Test
    void basicCharactersAreOneSeptetExtensionCharactersTwo() {
        assertThat(Gsm7Alphabet.septetCount("Hello @£")).isEqualTo(8);
        assertThat(Gsm7Alphabet.septetCount("€[]")).isEqualTo(6);
    }

    @Test
    void encodesAndDecodesRoundTrip() {
        String text = "Héllo {Ñame} ~ 10€ ^_^ \\o/ |Ω|";
        byte[] septets = Gsm7Alphabet.encode(text);
        assertThat(septets).hasSize(Gsm7Alphabet.septetCount(text));
        assertThat(Gsm7Alphabet.decode(septets)).isEqualTo(text);
    }

    @Test
    void knownCodes() {
        assertThat(Gsm7Alphabet.encode("@A€")).containsExactly(0x00, 0x41, 0x1B, 0x65);
    }

    @Test
    void charactersOutsideTheAlphabetAreNotEncodable() {
        assertThat(Gsm7Alphabet.canEncode("Привет")).isFalse();
        assertThat(Gsm7Alphabet.canEncode("smile 😀")).isFalse();
        assertThat(Gsm7Alphabet.canEncode("\u001B")).isFalse();
        assertThatThrownBy(() -> Gsm7Alphabet.encode("ç")).hasMessageContaining("U+e7");
    }

    /** Over every UTF-16 unit: the look-up table agrees with the tables it is built from (decode's). */
    @Test
    void everyCharacterHasTheSeptetsOfTheTables() {
        int basic = 0;
        int extension = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            int septets = Gsm7Alphabet.septets(c);
            String text = String.valueOf(c);
            if (septets < 0) {
                assertThatThrownBy(() -> Gsm7Alphabet.encode(text)).isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            byte[] encoded = Gsm7Alphabet.encode(text);
            assertThat(encoded).as("U+%04x", (int) c).hasSize(septets);
            assertThat(Gsm7Alphabet.decode(encoded)).as("U+%04x", (int) c).isEqualTo(text);
            if (septets == 1) {
                basic++;
            } else {
                extension++;
            }
        }
        assertThat(basic).isEqualTo(127); // the 128 codes but ESC
        assertThat(extension).isEqualTo(10);
    }
}
