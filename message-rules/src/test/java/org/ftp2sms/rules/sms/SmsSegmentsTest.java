package org.ftp2sms.rules.sms;

import org.ftp2sms.contract.Encoding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsSegmentsTest {

    @Test
    void exactly160GsmSeptetsIsOnePartAnd161IsTwoOf153AndEight() {
        assertThat(SmsSegments.split("a".repeat(160), Encoding.GSM7)).containsExactly("a".repeat(160));
        assertThat(SmsSegments.split("a".repeat(161), Encoding.GSM7)).containsExactly("a".repeat(153), "a".repeat(8));
    }

    @Test
    void exactly153TimesTwoIsTwoFullParts() {
        String text = "b".repeat(306);
        assertThat(SmsSegments.split(text, Encoding.GSM7)).containsExactly("b".repeat(153), "b".repeat(153));
        assertThat(SmsSegments.split(text + "c", Encoding.GSM7)).hasSize(3).last().isEqualTo("c");
    }

    @Test
    void anExtensionCharacterOnThePartBoundaryMovesWholeToTheNextPart() {
        // 152 septets, then € (ESC + 0x65): septet 153 would be its escape alone.
        String text = "a".repeat(152) + "€" + "z".repeat(20);
        List<String> parts = SmsSegments.split(text, Encoding.GSM7);
        assertThat(parts).containsExactly("a".repeat(152), "€" + "z".repeat(20));
        assertThat(Gsm7Alphabet.septetCount(parts.get(0))).isEqualTo(152);
        // 151 + € fills the part exactly.
        assertThat(SmsSegments.split("a".repeat(151) + "€" + "z".repeat(20), Encoding.GSM7))
                .containsExactly("a".repeat(151) + "€", "z".repeat(20));
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void extensionCharactersCountTwoAgainstTheSinglePartLimit() {
        String eighty = "{".repeat(80); // 160 septets
        assertThat(SmsSegments.split(eighty, Encoding.GSM7)).containsExactly(eighty);
        String more = "^".repeat(81);   // 162 septets: two parts, 76 then 5 characters
        assertThat(SmsSegments.split(more, Encoding.GSM7)).containsExactly("^".repeat(76), "^".repeat(5));
    }

    @Test
    void exactly70Ucs2UnitsIsOnePartAnd71IsTwoOf67AndFour() {
        assertThat(SmsSegments.split("ж".repeat(70), Encoding.UCS2)).containsExactly("ж".repeat(70));
        assertThat(SmsSegments.split("ж".repeat(71), Encoding.UCS2)).containsExactly("ж".repeat(67), "ж".repeat(4));
        assertThat(SmsSegments.split("ж".repeat(134), Encoding.UCS2)).containsExactly("ж".repeat(67), "ж".repeat(67));
    }

    @Test
    void anEmojiIsTwoUnitsAndItsSurrogatePairIsNeverSplit() {
        String text = "ж".repeat(66) + "😀" + "ж".repeat(10);
        List<String> parts = SmsSegments.split(text, Encoding.UCS2);
        assertThat(parts).containsExactly("ж".repeat(66), "😀" + "ж".repeat(10));
        assertThat(SmsSegments.split("😀".repeat(35), Encoding.UCS2)).hasSize(1);
        assertThat(SmsSegments.split("😀".repeat(36), Encoding.UCS2)).containsExactly("😀".repeat(33), "😀".repeat(3));
    }

    @Test
    void theCountAgreesWithTheSplitAndWithTheLayout() {
        List<String> samples = List.of("", "hi", "a".repeat(160), "a".repeat(161), "a".repeat(152) + "€".repeat(100),
                "ж".repeat(70), "ж".repeat(200), "x😀".repeat(60), "[]".repeat(153), "Hello ça va? ".repeat(30));
        for (String text : samples) {
            SmsLayout layout = SmsLayouts.of(text);
            assertThat(SmsSegments.count(text, layout.encoding())).as(text).isEqualTo(layout.parts())
                    .isEqualTo(SmsSegments.split(text, layout.encoding()).size());
            assertThat(String.join("", SmsSegments.split(text, layout.encoding()))).isEqualTo(text);
        }
    }

    @Test
    void aPureGsmKnownExample() {
        String text = "Dear customer, your parcel 12345 is ready for pickup at the Main Street store until Friday 18:00. "
                + "Bring your ID. Questions? Call 0800 123 456 or reply HELP. Thank you!";
        assertThat(text).hasSize(167);
        assertThat(SmsLayouts.of(text)).isEqualTo(new SmsLayout(Encoding.GSM7, 167, 2));
        assertThat(SmsSegments.split(text, Encoding.GSM7)).extracting(String::length).containsExactly(153, 14);
    }
}
