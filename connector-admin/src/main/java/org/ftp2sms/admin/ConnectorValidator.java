package org.ftp2sms.admin;

import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.connector.SendingWindow;

import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a connector request field by field and reports every problem at once, for a person to fix. */
final class ConnectorValidator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]{1,15}");
    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ssh-rsa) [A-Za-z0-9+/]+=*( .*)?");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final int MAX_DEDUPE_DAYS = 365;

    private final TemplateCheck templateCheck;

    ConnectorValidator(TemplateCheck templateCheck) {
        this.templateCheck = templateCheck;
    }

    /** Checks a template and returns why it is unusable, or null. */
    interface TemplateCheck {
        String problem(String template);
    }

    void validate(ConnectorRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || !NAME.matcher(r.name()).matches()) {
            errors.add(new FieldError("name", "required: 1 to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit"));
        }
        if (r.sender() == null || r.sender().isBlank()) {
            errors.add(new FieldError("sender", "required: an alphanumeric sender id of at most 11 characters, or a phone number of at most 15 digits"));
        } else if (!ALPHANUMERIC_SENDER.matcher(r.sender()).matches() && !NUMERIC_SENDER.matcher(r.sender()).matches()) {
            errors.add(new FieldError("sender", "must be at most 11 letters, digits or spaces, or a phone number of at most 15 digits"));
        }
        validateMapping(r, errors);
        if (r.template() == null || r.template().isBlank()) {
            errors.add(new FieldError("template", "required: the Liquid message template"));
        } else {
            String problem = templateCheck.problem(r.template());
            if (problem != null) {
                errors.add(new FieldError("template", problem));
            }
        }
        validateOptions(r.options(), errors);
        validateAccess(r.access(), errors);
        if (r.webhook() != null) {
            validateWebhook(r, errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void validateMapping(ConnectorRequest r, List<FieldError> errors) {
        if (r.mapping() == null) {
            errors.add(new FieldError("mapping", "required: { phoneColumn, defaultCountry }"));
            return;
        }
        if (r.mapping().phoneColumn() == null || !COLUMN.matcher(r.mapping().phoneColumn()).matches()) {
            errors.add(new FieldError("mapping.phoneColumn", "required: a column name of letters, digits and '_'"));
        }
        String country = r.mapping().defaultCountry();
        if (country != null && !COUNTRIES.contains(country)) {
            errors.add(new FieldError("mapping.defaultCountry", "'" + country + "' is not an ISO 3166 alpha-2 country code such as BE or FR"));
        }
    }

    private static void validateOptions(SendingOptions o, List<FieldError> errors) {
        if (o == null) {
            return;
        }
        if (o.maxParts() < 1 || o.maxParts() > SendingOptions.MAX_PARTS_LIMIT) {
            errors.add(new FieldError("options.maxParts", "must be between 1 and " + SendingOptions.MAX_PARTS_LIMIT));
        }
        if (o.dedupeAcrossFilesDays() < 0 || o.dedupeAcrossFilesDays() > MAX_DEDUPE_DAYS) {
            errors.add(new FieldError("options.dedupeAcrossFilesDays", "must be between 0 (off) and " + MAX_DEDUPE_DAYS));
        }
        SendingCalendar calendar = o.calendar();
        if (calendar == null) {
            return;
        }
        try {
            ZoneId.of(calendar.timezone());
        } catch (DateTimeException | NullPointerException e) {
            errors.add(new FieldError("options.calendar.timezone", "'" + calendar.timezone() + "' is not a known time zone such as Europe/Brussels"));
        }
        List<SendingWindow> windows = calendar.windows() == null ? List.of() : calendar.windows();
        for (int i = 0; i < windows.size(); i++) {
            SendingWindow w = windows.get(i);
            String field = "options.calendar.windows[" + i + "]";
            if (w.days() == null || w.days().isEmpty()) {
                errors.add(new FieldError(field + ".days", "at least one day, MON to SUN"));
            }
            LocalTime from = time(w.from(), field + ".from", errors);
            LocalTime to = time(w.to(), field + ".to", errors);
            if (from != null && to != null && !from.isBefore(to)) {
                errors.add(new FieldError(field, "'from' must be before 'to'"));
            }
        }
    }

    private static LocalTime time(String value, String field, List<FieldError> errors) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            errors.add(new FieldError(field, "must be a time as HH:mm"));
            return null;
        }
    }

    private static void validateAccess(ConnectorRequest.AccessRequest a, List<FieldError> errors) {
        if (a == null || a.protocol() == null || a.auth() == null) {
            errors.add(new FieldError("access", "required: { protocol: SFTP or FTPS, auth: PASSWORD or PUBLIC_KEY }"));
            return;
        }
        if (a.auth() == AuthMethod.PUBLIC_KEY) {
            if (a.protocol() != Protocol.SFTP) {
                errors.add(new FieldError("access.auth", "public-key login is for SFTP only; FTPS uses a password"));
            }
            if (a.publicKeys() == null || a.publicKeys().isEmpty()) {
                errors.add(new FieldError("access.publicKeys", "at least one SSH public key in OpenSSH format"));
            } else {
                for (int i = 0; i < a.publicKeys().size(); i++) {
                    String key = a.publicKeys().get(i);
                    if (key == null || !PUBLIC_KEY.matcher(key.trim()).matches()) {
                        errors.add(new FieldError("access.publicKeys[" + i + "]",
                                "not an OpenSSH public key line such as 'ssh-ed25519 AAAA... comment'"));
                    }
                }
            }
        }
    }

    private static void validateWebhook(ConnectorRequest r, List<FieldError> errors) {
        String url = r.webhook().url();
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            errors.add(new FieldError("webhook.url", "must be an http(s) URL"));
        }
    }
}
