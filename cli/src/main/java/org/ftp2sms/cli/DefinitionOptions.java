package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A connector as the API takes it ({@code POST /api/v1/connectors}): from a JSON file, from flags, or a file with
 * flags overriding some of its fields.
 */
final class DefinitionOptions {
    @Option(names = "--definition", paramLabel = "FILE", description = "A JSON file with the connector, as the API takes it.")
    Path definition;

    @Option(names = "--name", description = "The connector's name.")
    String name;

    @Option(names = "--sender", description = "The sender id: at most 11 letters/digits, or a number.")
    String sender;

    @Option(names = "--template", description = "The Liquid message template, e.g. 'Hello {{ first_name }}'.")
    String template;

    @Option(names = "--template-file", paramLabel = "FILE", description = "A file holding the Liquid message template.")
    Path templateFile;

    @Option(names = "--phone-column", paramLabel = "COLUMN", description = "The column holding the phone numbers.")
    String phoneColumn;

    @Option(names = "--country", paramLabel = "CC", description = "The country of local numbers (ISO 3166 alpha-2, e.g. BE).")
    String country;

    @Option(names = "--max-parts", paramLabel = "N", description = "At most this many SMS parts per message (1..10).")
    Integer maxParts;

    @Option(names = "--repeated-file-window", paramLabel = "DURATION",
            description = "A file with the same content as one received within this ISO-8601 duration is ignored"
                    + " (default P1D, at most P30D; PT0S = off).")
    String repeatedFileWindow;

    @Option(names = "--expire-after", paramLabel = "DURATION",
            description = "A message not sent within this ISO-8601 duration after its file arrived is not sent"
                    + " (805-expired-before-sending); PT1M to P30D, default: never.")
    String expireAfter;

    @Option(names = "--priority", paramLabel = "1..10",
            description = "The connector's share of the SMSC when others send too (10 gets twice the share of 5; default 5).")
    Integer priority;

    @Option(names = "--max-messages-per-second", paramLabel = "N",
            description = "At most this many of the connector's messages per second; the rest wait (default: no limit).")
    Integer maxMessagesPerSecond;

    @Option(names = "--protocol", description = "SFTP or FTPS.")
    String protocol;

    @Option(names = "--auth", description = "PASSWORD or PUBLIC_KEY (the default when --public-key-file is given).")
    String auth;

    @Option(names = "--public-key-file", paramLabel = "FILE",
            description = "An OpenSSH public key file (.pub) allowed to log in; repeat for several.")
    List<Path> publicKeyFiles;

    /** The definition file (or {@code base}) with the flags applied. */
    ObjectNode apply(ObjectNode base) throws IOException {
        ObjectNode connector = definition != null
                ? (ObjectNode) AdminClient.JSON.readTree(Files.readString(definition))
                : base == null ? AdminClient.JSON.createObjectNode() : base;
        put(connector, "name", name);
        put(connector, "sender", sender);
        put(connector, "template", templateFile != null ? Files.readString(templateFile) : template);
        if (phoneColumn != null || country != null) {
            ObjectNode mapping = object(connector, "mapping");
            put(mapping, "phoneColumn", phoneColumn);
            put(mapping, "defaultCountry", country);
        }
        if (maxParts != null || priority != null || maxMessagesPerSecond != null || repeatedFileWindow != null
                || expireAfter != null) {
            ObjectNode options = object(connector, "options");
            if (!options.has("dedupeWithinFile")) {
                options.put("dedupeWithinFile", true);
            }
            if (maxParts != null || !options.has("maxParts")) {
                options.put("maxParts", maxParts == null ? 3 : maxParts);
            }
            if (priority != null) {
                options.put("priority", priority);
            }
            if (maxMessagesPerSecond != null) {
                options.put("maxMessagesPerSecond", maxMessagesPerSecond);
            }
            put(options, "repeatedFileWindow", repeatedFileWindow);
            put(options, "expireAfter", expireAfter);
        }
        if (protocol != null || auth != null || publicKeyFiles != null) {
            ObjectNode access = object(connector, "access");
            put(access, "protocol", protocol == null && !access.has("protocol") ? "SFTP" : protocol);
            put(access, "auth", auth == null && publicKeyFiles != null ? "PUBLIC_KEY" : auth);
            if (!access.has("auth")) {
                access.put("auth", "PASSWORD");
            }
            if (publicKeyFiles != null) {
                access.set("publicKeys", publicKeys(publicKeyFiles));
            }
        }
        return connector;
    }

    static ArrayNode publicKeys(List<Path> files) throws IOException {
        ArrayNode keys = AdminClient.JSON.createArrayNode();
        for (Path file : files) {
            keys.add(Files.readString(file).strip());
        }
        return keys;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ObjectNode node ? node : parent.putObject(field);
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
