package org.ftp2sms.contract.connector;

/** Which column holds the phone number, and the country of local numbers (ISO 3166 alpha-2). */
public record Mapping(String phoneColumn, String defaultCountry) {
}
