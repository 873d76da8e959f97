package org.ftp2sms.admin;

import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.rules.calendar.SendingSchedule;
import org.ftp2sms.rules.template.MessageTemplate;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.rules.template.TemplateException;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a connector request field by field and reports every problem at once, for a person to fix. */
final class ConnectorValidator {
    static final int MIN_WEBHOOK_SECRET = 24;

    private final WebhookAddresses addresses;

    ConnectorValidator(WebhookAddresses addresses) {
        this.addresses = addresses;
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z0-9_]+");
    static final int MAX_ALPHANUMERIC_SENDER = 11;
    static final int MAX_NUMERIC_SENDER = 15;
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]+");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]+");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    static final int MAX_DEDUPE_DAYS = 365;
    static final int MAX_MESSAGES_PER_SECOND = 100_000;

    /** A new connector. */
    void validate(ConnectorRequest r) {
        List<FieldError> errors = new ArrayList<>();
        validateDescription(r, errors);
        validateAccess(r.access(), errors);
        throwIfAny(errors);
    }

    /**
     * A replacement of {@code existing}: the same rules, except that {@code access} may be left out (the login is
     * kept) and its login method cannot change (that would need new credentials: create a new connector).
     */
    void validateUpdate(ConnectorRequest r, Connector existing) {
        List<FieldError> errors = new ArrayList<>();
        validateDescription(r, errors);
        ConnectorRequest.AccessRequest a = r.access();
        if (a != null) {
            if (a.auth() != null && a.auth() != existing.access().auth()) {
                errors.add(new FieldError("access.auth", "the login method cannot change (it is "
                        + existing.access().auth() + "): create a new connector for another method"));
            } else {
                AuthMethod auth = existing.access().auth();
                Protocol protocol = a.protocol() == null ? existing.access().protocol() : a.protocol();
                List<String> keys = auth == AuthMethod.PUBLIC_KEY && a.publicKeys() == null
                        ? existing.access().publicKeys() : a.publicKeys();
                validateAccess(new ConnectorRequest.AccessRequest(protocol, auth, keys), errors);
            }
        }
        throwIfAny(errors);
    }

    /** The public keys of a key rotation, for a connector using {@code protocol}. */
    void validatePublicKeys(List<String> keys, Protocol protocol) {
        List<FieldError> errors = new ArrayList<>();
        validateAccess(new ConnectorRequest.AccessRequest(protocol, AuthMethod.PUBLIC_KEY, keys), errors);
        // The rotation's body is { "publicKeys": [...] }: name the fields as the caller sent them.
        throwIfAny(errors.stream().map(e -> new FieldError(e.field().replaceFirst("^access\\.", ""), e.reason())).toList());
    }

    /** What a preview needs to run: the mapping, a template that parses, usable options. */
    void validatePreview(PreviewRequest r) {
        List<FieldError> errors = new ArrayList<>();
        validateMapping(r.mapping(), null, errors);
        validateTemplate(r.template(), null, errors);
        validateOptions(r.options(), errors);
        if (r.sample() == null || r.sample().isBlank()) {
            errors.add(new FieldError("sample", "required: the sample CSV text, header line first"));
        }
        throwIfAny(errors);
    }

    private void validateDescription(ConnectorRequest r, List<FieldError> errors) {
        if (r.name() == null || !NAME.matcher(r.name()).matches()) {
            errors.add(new FieldError("name", "required: 1 to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit"));
        }
        validateSender(r.sender(), errors);
        List<String> columns = r.columns() == null || r.columns().isEmpty() ? null : r.columns();
        validateMapping(r.mapping(), columns, errors);
        validateTemplate(r.template(), columns, errors);
        validateOptions(r.options(), errors);
        if (r.webhook() != null) {
            validateWebhook(r, errors);
        }
    }

    private static void validateSender(String sender, List<FieldError> errors) {
        if (sender == null || sender.isBlank()) {
            errors.add(new FieldError("sender", "required: an alphanumeric sender id of at most " + MAX_ALPHANUMERIC_SENDER
                    + " characters, or a phone number of at most " + MAX_NUMERIC_SENDER + " digits"));
        } else if (NUMERIC_SENDER.matcher(sender).matches()) {
            int digits = sender.replace("+", "").length();
            if (digits > MAX_NUMERIC_SENDER) {
                errors.add(new FieldError("sender", "too long: a numeric sender has at most " + MAX_NUMERIC_SENDER
                        + " digits, this one has " + digits));
            }
        } else if (!ALPHANUMERIC_SENDER.matcher(sender).matches()) {
            errors.add(new FieldError("sender", "only letters A-Z, digits and spaces are allowed in an alphanumeric sender id"));
        } else if (sender.length() > MAX_ALPHANUMERIC_SENDER) {
            errors.add(new FieldError("sender", "too long: an alphanumeric sender id has at most " + MAX_ALPHANUMERIC_SENDER
                    + " characters, '" + sender + "' has " + sender.length()));
        }
    }

    private static void validateMapping(Mapping mapping, List<String> columns, List<FieldError> errors) {
        if (mapping == null) {
            errors.add(new FieldError("mapping", "required: { phoneColumn, defaultCountry }"));
            return;
        }
        String phoneColumn = mapping.phoneColumn();
        if (phoneColumn == null || !COLUMN.matcher(phoneColumn).matches()) {
            errors.add(new FieldError("mapping.phoneColumn", "required: a column name of letters, digits and '_'"));
        } else if (columns != null && !columns.contains(phoneColumn)) {
            errors.add(new FieldError("mapping.phoneColumn", "'" + phoneColumn + "' is not one of the columns "
                    + String.join(", ", columns)));
        }
        String country = mapping.defaultCountry();
        if (country != null && !COUNTRIES.contains(country)) {
            errors.add(new FieldError("mapping.defaultCountry", "'" + country + "' is not an ISO 3166 alpha-2 country code such as BE or FR"));
        }
    }

    private static void validateTemplate(String template, List<String> columns, List<FieldError> errors) {
        if (template == null || template.isBlank()) {
            errors.add(new FieldError("template", "required: the Liquid message template"));
            return;
        }
        try {
            MessageTemplate.compile(template);
        } catch (TemplateException e) {
            errors.add(new FieldError("template", e.getMessage()));
            return;
        }
        if (columns == null) {
            return;
        }
        for (TemplateVariables.Variable v : TemplateVariables.of(template)) {
            if (!columns.contains(v.name())) {
                errors.add(new FieldError("template", "unknown column at line " + v.line() + ": '" + v.name()
                        + "' is not one of the columns " + String.join(", ", columns)
                        + " (it would render empty in every message)"));
            }
        }
    }

    private static void validateOptions(SendingOptions o, List<FieldError> errors) {
        if (o == null) {
            return;
        }
        if (o.maxParts() < 1 || o.maxParts() > SendingOptions.MAX_PARTS_LIMIT) {
            errors.add(new FieldError("options.maxParts", "must be between 1 and " + SendingOptions.MAX_PARTS_LIMIT
                    + ", not " + o.maxParts()));
        }
        if (o.dedupeAcrossFilesDays() < 0 || o.dedupeAcrossFilesDays() > MAX_DEDUPE_DAYS) {
            errors.add(new FieldError("options.dedupeAcrossFilesDays", "must be between 0 (off) and " + MAX_DEDUPE_DAYS));
        }
        Duration repeated = o.repeatedFileWindow();
        if (repeated != null && (repeated.isNegative() || repeated.compareTo(SendingOptions.MAX_REPEATED_FILE_WINDOW) > 0)) {
            errors.add(new FieldError("options.repeatedFileWindow", "must be between PT0S (off) and "
                    + SendingOptions.MAX_REPEATED_FILE_WINDOW + " (" + SendingOptions.MAX_REPEATED_FILE_WINDOW.toDays()
                    + " days), not " + repeated));
        }
        Duration expireAfter = o.expireAfter();
        if (expireAfter != null && (expireAfter.compareTo(Duration.ofMinutes(1)) < 0
                || expireAfter.compareTo(SendingOptions.MAX_EXPIRE_AFTER) > 0)) {
            errors.add(new FieldError("options.expireAfter", "must be an ISO-8601 duration between PT1M and "
                    + SendingOptions.MAX_EXPIRE_AFTER + " (" + SendingOptions.MAX_EXPIRE_AFTER.toDays()
                    + " days), or absent for no expiry, not " + expireAfter));
        }
        if (o.priority() != null && (o.priority() < SendingOptions.MIN_PRIORITY || o.priority() > SendingOptions.MAX_PRIORITY)) {
            errors.add(new FieldError("options.priority", "must be between " + SendingOptions.MIN_PRIORITY + " and "
                    + SendingOptions.MAX_PRIORITY + " (default " + SendingOptions.DEFAULT_PRIORITY + "), not " + o.priority()));
        }
        if (o.maxMessagesPerSecond() != null && (o.maxMessagesPerSecond() < 1 || o.maxMessagesPerSecond() > MAX_MESSAGES_PER_SECOND)) {
            errors.add(new FieldError("options.maxMessagesPerSecond", "must be between 1 and " + MAX_MESSAGES_PER_SECOND
                    + ", or absent for no limit"));
        }
        // The calendar rules are the dispatcher's own (message-rules), so what is accepted here is what it can keep.
        for (String problem : SendingSchedule.problems(o.calendar())) {
            int cut = firstOf(problem, ':', ' ');
            errors.add(new FieldError("options." + problem.substring(0, cut),
                    problem.substring(cut).replaceFirst("^[: ]+", "")));
        }
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? (j < 0 ? text.length() : j) : (j < 0 ? i : Math.min(i, j));
    }

    private static void validateAccess(ConnectorRequest.AccessRequest a, List<FieldError> errors) {
        if (a == null || a.protocol() == null || a.auth() == null) {
            errors.add(new FieldError("access", "required: { protocol: SFTP or FTPS, auth: PASSWORD or PUBLIC_KEY }"));
            return;
        }
        if (a.auth() == AuthMethod.PASSWORD) {
            if (a.publicKeys() != null && !a.publicKeys().isEmpty()) {
                errors.add(new FieldError("access.publicKeys", "only for auth PUBLIC_KEY; password login takes no keys"));
            }
            return;
        }
        if (a.protocol() != Protocol.SFTP) {
            errors.add(new FieldError("access.auth", "public-key login is for SFTP only; FTPS uses a password"));
        }
        if (a.publicKeys() == null || a.publicKeys().isEmpty()) {
            errors.add(new FieldError("access.publicKeys", "at least one SSH public key in OpenSSH format"));
            return;
        }
        for (int i = 0; i < a.publicKeys().size(); i++) {
            String problem = PublicKeyCheck.problem(a.publicKeys().get(i));
            if (problem != null) {
                errors.add(new FieldError("access.publicKeys[" + i + "]", problem));
            }
        }
    }

    private void validateWebhook(ConnectorRequest r, List<FieldError> errors) {
        String url = r.webhook().url();
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("webhook.url", "required: the https URL that receives status changes and replies"));
        } else {
            addresses.problem(url).ifPresent(problem -> errors.add(new FieldError("webhook.url", problem)));
        }
        String secret = r.webhook().secret();
        if (secret != null && secret.length() < MIN_WEBHOOK_SECRET) {
            errors.add(new FieldError("webhook.secret", "at least " + MIN_WEBHOOK_SECRET
                    + " characters; leave it out and one is generated (shown once)"));
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
