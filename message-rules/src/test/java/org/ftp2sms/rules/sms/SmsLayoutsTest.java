package org.ftp2sms.rules.sms;

import org.ftp2sms.contract.Encoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsLayoutsTest {

    @Test
    void emptyTextTakesNoPart() {
        assertThat(SmsLayouts.of("")).isEqualTo(new SmsLayout(Encoding.GSM7, 0, 0));
    }

    @Test
    void gsm7OnePartUpTo160Septets() {
        assertThat(SmsLayouts.of("a".repeat(160))).isEqualTo(new SmsLayout(Encoding.GSM7, 160, 1));
        assertThat(SmsLayouts.of("a".repeat(161))).isEqualTo(new SmsLayout(Encoding.GSM7, 161, 2));
        assertThat(SmsLayouts.of("a".repeat(306))).isEqualTo(new SmsLayout(Encoding.GSM7, 306, 2));
        assertThat(SmsLayouts.of("a".repeat(307))).isEqualTo(new SmsLayout(Encoding.GSM7, 307, 3));
    }

    @Test
    void extensionCharactersCountTwo() {
        assertThat(SmsLayouts.of("€".repeat(80))).isEqualTo(new SmsLayout(Encoding.GSM7, 160, 1));
        assertThat(SmsLayouts.of("a" + "€".repeat(80))).isEqualTo(new SmsLayout(Encoding.GSM7, 161, 2));
    }

    @Test
    void anExtensionCharacterAtA153BoundaryMovesWholeToTheNextPart() {
        // 152 septets then € (2): it cannot straddle, so part one holds 152, part two starts with €.
        String text = "a".repeat(152) + "€" + "a".repeat(152);
        assertThat(Gsm7Alphabet.septetCount(text)).isEqualTo(306);
        assertThat(SmsLayouts.of(text).parts()).isEqualTo(3);
        String fits = "a".repeat(151) + "€" + "a".repeat(153);
        assertThat(SmsLayouts.of(fits).parts()).isEqualTo(2);
    }

    @Test
    void ucs2OnePartUpTo70Units() {
        assertThat(SmsLayouts.of("ж".repeat(70))).isEqualTo(new SmsLayout(Encoding.UCS2, 70, 1));
        assertThat(SmsLayouts.of("ж".repeat(71))).isEqualTo(new SmsLayout(Encoding.UCS2, 71, 2));
        assertThat(SmsLayouts.of("ж".repeat(134)).parts()).isEqualTo(2);
        assertThat(SmsLayouts.of("ж".repeat(135)).parts()).isEqualTo(3);
    }

    @Test
    void emojiCountsTwoUnitsAndIsNeverSplit() {
        assertThat(SmsLayouts.of("Hi 😀")).isEqualTo(new SmsLayout(Encoding.UCS2, 5, 1));
        assertThat(SmsLayouts.of("😀".repeat(35))).isEqualTo(new SmsLayout(Encoding.UCS2, 70, 1));
        // 66 units then an emoji: the pair moves whole, so 66 + (2 + 66) + 2 -> three parts.
        String text = "a".repeat(66) + "😀" + "a".repeat(66) + "😀";
        assertThat(text.length()).isEqualTo(136);
        assertThat(SmsLayouts.of(text).parts()).isEqualTo(3);
    }
}
