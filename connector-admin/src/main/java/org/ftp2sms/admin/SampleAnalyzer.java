package org.ftp2sms.admin;

import org.ftp2sms.rules.csv.CsvFile;
import org.ftp2sms.rules.csv.CsvFileException;
import org.ftp2sms.rules.csv.CsvFileReader;
import org.ftp2sms.rules.csv.CsvFormat;
import org.ftp2sms.rules.csv.CsvLine;
import org.ftp2sms.rules.csv.CsvOpening;
import org.ftp2sms.rules.csv.CsvRejection;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * A sample file seen through the same CSV rules as the row-splitter ({@link CsvFileReader}): its detected format,
 * refused column names, the likely phone column, and whether an upload of it would be rejected.
 */
final class SampleAnalyzer {
    private SampleAnalyzer() {
    }

    static SampleAnalysis analyze(byte[] sample) {
        CsvOpening opening = CsvFileReader.open(new ByteArrayInputStream(sample));
        if (opening instanceof CsvRejection rejection) {
            if (rejection.format() == null) {
                throw new ValidationException(List.of(new FieldError("sample", rejection.reason())));
            }
            return analysis(rejection.format(), rejection.invalidColumns().stream()
                    .map(c -> new SampleAnalysis.InvalidColumnView(c.position(), c.name(), c.reason())).toList(),
                    0, rejection.reason());
        }
        try (CsvFile csv = (CsvFile) opening) {
            long rows = 0;
            String problem = null;
            try {
                for (CsvLine line : csv) {
                    rows = line.rowNumber();
                }
            } catch (CsvFileException e) {
                problem = e.getMessage();
            }
            return analysis(csv.format(), List.of(), rows, problem);
        }
    }

    private static SampleAnalysis analysis(CsvFormat format, List<SampleAnalysis.InvalidColumnView> invalid, long rows,
                                           String problem) {
        return new SampleAnalysis(String.valueOf(format.delimiter()), format.encoding(), format.byteOrderMark(),
                format.lineEnding(), format.columns(), invalid, PhoneColumnGuess.in(format.columns()).orElse(null),
                rows, problem);
    }
}
