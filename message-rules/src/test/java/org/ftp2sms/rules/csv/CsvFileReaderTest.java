package org.ftp2sms.rules.csv;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvFileReaderTest {

    @Test
    void commaSeparatedUtf8() {
        CsvFile file = open("phone,first_name\n0476123456,Ann\n0476654321,Bob\n");
        assertThat(file.format()).isEqualTo(new CsvFormat(',', "UTF-8", false, "LF", List.of("phone", "first_name")));
        List<CsvLine> lines = lines(file);
        assertThat(lines).containsExactly(
                new CsvLine(1, List.of("0476123456", "Ann"), Map.of("phone", "0476123456", "first_name", "Ann"), true),
                new CsvLine(2, List.of("0476654321", "Bob"), Map.of("phone", "0476654321", "first_name", "Bob"), true));
    }

    @Test
    void byteOrderMarkIsSkipped() {
        byte[] bytes = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "phone;name\n1;é\n".getBytes(StandardCharsets.UTF_8));
        CsvFile file = open(bytes);
        assertThat(file.format().byteOrderMark()).isTrue();
        assertThat(file.format().columns()).containsExactly("phone", "name");
        assertThat(lines(file).get(0).values()).containsEntry("name", "é");
    }

    @Test
    void semicolonTabAndCrlfAreDetected() {
        CsvFile semicolon = open("phone;name;code\r\n1;Ann, Smith;3\r\n");
        assertThat(semicolon.format().delimiter()).isEqualTo(';');
        assertThat(semicolon.format().lineEnding()).isEqualTo("CRLF");
        assertThat(lines(semicolon).get(0).fields()).containsExactly("1", "Ann, Smith", "3");

        CsvFile tab = open("phone\tname\n1\tAnn; Smith\n");
        assertThat(tab.format().delimiter()).isEqualTo('\t');
        assertThat(tab.format().delimiterName()).isEqualTo("tab");
        assertThat(lines(tab).get(0).values()).containsEntry("name", "Ann; Smith");
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndNewlines() {
        CsvFile file = open("phone,note\r\n1,\"line one\r\nline \"\"two\"\", with comma\"\r\n2,plain\r\n");
        List<CsvLine> lines = lines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).values().get("note")).isEqualTo("line one\r\nline \"two\", with comma");
        assertThat(lines.get(1).rowNumber()).isEqualTo(2);
    }

    @Test
    void windows1252FallbackWhenNotUtf8() {
        CsvFile file = open("phone;prénom\n1;José\n".replace("prénom", "name").getBytes(Charset.forName("windows-1252")));
        assertThat(file.format().encoding()).isEqualTo("windows-1252");
        assertThat(lines(file).get(0).values()).containsEntry("name", "José");
    }

    @Test
    void aUtf8CharacterCutAtTheSampleEndIsNotTakenAsInvalid() {
        StringBuilder text = new StringBuilder("phone,name\n");
        // Pad so that the sample boundary falls inside the two bytes of é.
        int headerBytes = text.length();
        String filler = "x".repeat(CsvFileReader.SAMPLE_BYTES - headerBytes - 2 - 1);
        text.append("1,").append(filler).append("é\n2,b\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes[CsvFileReader.SAMPLE_BYTES - 1] & 0xFF).isEqualTo(0xC3);
        CsvFile file = open(bytes);
        assertThat(file.format().encoding()).isEqualTo("UTF-8");
        List<CsvLine> lines = lines(file);
        assertThat(lines.get(0).values().get("name")).endsWith("xé");
        assertThat(lines).hasSize(2);
    }

    @Test
    void invalidUtf8AfterTheSampleEndsReadingWithAReason() {
        String head = "phone,name\n" + "1,abc\n".repeat(CsvFileReader.SAMPLE_BYTES / 6 + 10);
        byte[] bytes = concat(head.getBytes(StandardCharsets.UTF_8), "2,Jos\u00e9\n".getBytes(Charset.forName("windows-1252")));
        CsvFile file = open(bytes);
        assertThatThrownBy(() -> lines(file)).isInstanceOf(CsvFileException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void fieldCountMismatchIsFlaggedAndBlankLinesAreSkipped() {
        CsvFile file = open("phone,name\n1,Ann,extra\n\n,\n2\n3,Cy,\n");
        List<CsvLine> lines = lines(file);
        assertThat(lines).extracting(CsvLine::rowNumber).containsExactly(1L, 2L, 3L);
        assertThat(lines).extracting(CsvLine::fieldCountMatches).containsExactly(false, false, true);
        assertThat(lines.get(1).values()).containsExactly(Map.entry("phone", "2"));
    }

    @Test
    void badHeaderNameIsRejectedNamingTheColumn() {
        CsvRejection rejection = reject("phone,first name,e-mail\n1,a,b\n");
        assertThat(rejection.reason()).contains("column 2 \"first name\"").contains("column 3 \"e-mail\"");
        assertThat(rejection.invalidColumns()).extracting(InvalidColumn::name).containsExactly("first name", "e-mail");
        assertThat(rejection.format().columns()).containsExactly("phone", "first name", "e-mail");
    }

    @Test
    void repeatedHeaderIsRejected() {
        CsvRejection rejection = reject("phone;name;phone\n1;a;2\n");
        assertThat(rejection.reason()).contains("column 3 \"phone\" repeats column 1");
    }

    @Test
    void emptyColumnNameIsRejected() {
        assertThat(reject("phone,,name\n").reason()).contains("column 2").contains("no name");
    }

    @Test
    void emptyFileAndMissingHeaderAreRejected() {
        assertThat(reject("").reason()).isEqualTo("the file is empty");
        assertThat(reject("\n\n").reason()).contains("no header");
    }

    @Test
    void binaryContentIsRejected() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        assertThat(reject(png).reason()).contains("binary");
        byte[] noNul = new byte[200];
        for (int i = 0; i < noNul.length; i++) {
            noNul[i] = (byte) (1 + i % 8);
        }
        assertThat(reject(noNul).reason()).contains("binary");
    }

    @Test
    void headerOnlyFileHasNoLines() {
        CsvFile file = open("phone\n");
        assertThat(file.format().columns()).containsExactly("phone");
        assertThat(lines(file)).isEmpty();
    }

    @Test
    void describeIsReadable() {
        assertThat(open("phone;name\r\n").format().describe()).isEqualTo("UTF-8, delimiter ';', CRLF, 2 columns: phone, name");
    }

    private static CsvFile open(String text) {
        return open(text.getBytes(StandardCharsets.UTF_8));
    }

    private static CsvFile open(byte[] bytes) {
        CsvOpening opening = CsvFileReader.open(new ByteArrayInputStream(bytes));
        assertThat(opening).isInstanceOf(CsvFile.class);
        return (CsvFile) opening;
    }

    private static CsvRejection reject(String text) {
        return reject(text.getBytes(StandardCharsets.UTF_8));
    }

    private static CsvRejection reject(byte[] bytes) {
        CsvOpening opening = CsvFileReader.open(new ByteArrayInputStream(bytes));
        assertThat(opening).isInstanceOf(CsvRejection.class);
        return (CsvRejection) opening;
    }

    private static List<CsvLine> lines(CsvFile file) {
        List<CsvLine> lines = new ArrayList<>();
        try (file) {
            file.forEach(lines::add);
        }
        return lines;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
