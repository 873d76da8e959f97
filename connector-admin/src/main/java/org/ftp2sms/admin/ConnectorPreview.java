package org.ftp2sms.admin;

import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.rules.compose.Composition;
import org.ftp2sms.rules.compose.MessageComposer;
import org.ftp2sms.rules.csv.CsvFile;
import org.ftp2sms.rules.csv.CsvFileException;
import org.ftp2sms.rules.csv.CsvFileReader;
import org.ftp2sms.rules.csv.CsvLine;
import org.ftp2sms.rules.csv.CsvOpening;
import org.ftp2sms.rules.csv.CsvRejection;
import org.ftp2sms.rules.phone.PhoneNormalizer;
import org.ftp2sms.rules.phone.PhoneResult;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs a sample through the pipeline's own rules, in the pipeline's order: the file rules ({@link CsvFileReader}),
 * per row the field count and the phone number ({@link PhoneNormalizer}, as the row-splitter), the duplicate rule
 * within the file and the suppression list (as the dedupe stream: the first row of a recipient wins; a suppressed
 * phone is refused first), then the message
 * ({@link MessageComposer}, as the renderer). So the preview is what will be sent. Only duplicates across files
 * cannot be previewed: they depend on earlier files.
 */
final class ConnectorPreview {
    static final int MESSAGES = 3;
    static final int MAX_REFUSED = 100;

    private ConnectorPreview() {
    }

    /** @param suppressed whether a phone (E.164 digits) is on the suppression list that applies */
    static PreviewResponse run(PreviewRequest request, Predicate<String> suppressed) {
        SendingOptions options = request.options() == null ? SendingOptions.defaults() : request.options();
        String phoneColumn = request.mapping().phoneColumn();
        String country = request.mapping().defaultCountry();
        CsvOpening opening = CsvFileReader.open(new ByteArrayInputStream(request.sample().getBytes(StandardCharsets.UTF_8)));
        if (opening instanceof CsvRejection rejection) {
            throw new ValidationException(List.of(new FieldError("sample", "the file would be rejected: " + rejection.reason())));
        }
        List<PreviewResponse.PreviewMessage> messages = new ArrayList<>();
        List<PreviewResponse.RefusedRow> refused = new ArrayList<>();
        long rows = 0;
        long sent = 0;
        long refusedCount = 0;
        long suppressedCount = 0;
        try (CsvFile csv = (CsvFile) opening) {
            List<String> columns = csv.format().columns();
            if (!columns.contains(phoneColumn)) {
                throw new ValidationException(List.of(new FieldError("mapping.phoneColumn", "the sample has no column '"
                        + phoneColumn + "' (such a file is ignored); its columns are " + String.join(", ", columns))));
            }
            List<FieldError> warnings = new ArrayList<>();
            for (TemplateVariables.Variable v : TemplateVariables.of(request.template())) {
                if (!columns.contains(v.name())) {
                    warnings.add(new FieldError("template", "unknown column at line " + v.line() + ": '" + v.name()
                            + "' is not a column of the sample and renders empty"));
                }
            }
            Set<String> recipients = new HashSet<>();
            try {
                for (CsvLine line : csv) {
                    rows = line.rowNumber();
                    String raw = line.values().getOrDefault(phoneColumn, "").strip();
                    PhoneResult phoneResult = line.fieldCountMatches() ? PhoneNormalizer.normalize(raw, country) : null;
                    Refusal refusal;
                    if (phoneResult == null) {
                        refusal = new Refusal(StatusCode.MALFORMED_ROW, "the row has " + line.fields().size()
                                + " fields, the header " + columns.size());
                    } else if (phoneResult instanceof PhoneResult.Refused bad) {
                        refusal = new Refusal(bad.code(), bad.reason());
                    } else {
                        String phone = ((PhoneResult.Valid) phoneResult).phone();
                        if (suppressed.test(phone)) {
                            suppressedCount++;
                            refusal = new Refusal(StatusCode.SUPPRESSED, "the number is on the suppression list");
                        } else if (options.dedupeWithinFile() && !recipients.add(phone)) {
                            refusal = new Refusal(StatusCode.DUPLICATE_IN_FILE, "an earlier row of the file has the same number");
                        } else {
                            Composition composition = MessageComposer.compose(request.template(), options.maxParts(), line.values());
                            if (composition instanceof Composition.Composed composed) {
                                refusal = null;
                                sent++;
                                if (messages.size() < MESSAGES) {
                                    messages.add(new PreviewResponse.PreviewMessage(line.rowNumber(), phone, composed.text(),
                                            composed.layout().encoding(), composed.layout().units(), composed.layout().parts()));
                                }
                            } else {
                                Composition.Refused no = (Composition.Refused) composition;
                                refusal = new Refusal(no.code(), no.detail());
                            }
                        }
                    }
                    if (refusal != null) {
                        refusedCount++;
                        if (refused.size() < MAX_REFUSED) {
                            refused.add(new PreviewResponse.RefusedRow(line.rowNumber(), raw, refusal.code().code(),
                                    refusal.code().reason(), refusal.detail()));
                        }
                    }
                }
            } catch (CsvFileException e) {
                throw new ValidationException(List.of(new FieldError("sample", "the file would be refused: " + e.getMessage())));
            }
            return new PreviewResponse(messages, refused, rows, sent, refusedCount, suppressedCount, warnings,
                    options.repeatedFileWindowOrDefault(), options.expireAfter());
        }
    }

    private record Refusal(StatusCode code, String detail) {
    }
}
