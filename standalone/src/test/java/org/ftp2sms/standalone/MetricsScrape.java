package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text scrape of {@code /metrics}, read as Prometheus reads it, and the naming rule of
 * docs/operations.md ("Metrics") checked on every {@code ftp2sms_} family.
 */
record MetricsScrape(Map<String, String> types, List<Sample> samples) {
    /** One line of the scrape: the sample's name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /** The first word after {@code ftp2sms_}: a stage, the Kafka clients, or a family shared by the stages. */
    private static final Pattern FTP2SMS_NAME = Pattern.compile(
            "ftp2sms_(gateway|splitter|dedupe|renderer|dispatcher|aggregator|smsc|kafka|rows|files|statuses|unreadable)(_[a-z0-9]+)*");
    /** Units other than the base ones (seconds, bytes) and rates: Prometheus computes rates from counters. */
    private static final Set<String> NOT_BASE_UNITS = Set.of(
            "ms",
            "millis",
            "milliseconds",
            "micros",
            "nanos",
            "minutes",
            "hours",
            "days",
            "kb",
            "mb",
            "kilobytes",
            "megabytes",
            "per",
            "rate",
            "percent");

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DASHBOARD_METRIC =
            Pattern.compile("\\b(?:ftp2sms|jvm|process|system|logback|kafka)_[a-z0-9_]+");

    static MetricsScrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new AssertionError("not a Prometheus sample: " + line);
                }
                Map<String, String> labels = new HashMap<>();
                if (m.group(3) != null) {
                    Matcher label = LABEL.matcher(m.group(3));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
        }
        return new MetricsScrape(types, samples);
    }

    /** The sum of {@code name}'s samples whose labels include {@code labels} (key, value, key, value...). */
    double sum(String name, String... labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && matches(s, labels))
                .mapToDouble(Sample::value)
                .sum();
    }

    boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s, labels));
    }

    /** Every {@code ftp2sms_} family that breaks the naming rule, with why. */
    List<String> namingViolations() {
        List<String> wrong = new ArrayList<>();
        types.forEach((family, type) -> {
            if (!family.startsWith("ftp2sms")) {
                return;
            }
            if (!FTP2SMS_NAME.matcher(family).matches()) {
                wrong.add(family + ": not ftp2sms_<stage|kafka|rows|files|statuses|unreadable>_<thing> in lower case");
            }
            Arrays.stream(family.split("_"))
                    .filter(NOT_BASE_UNITS::contains)
                    .forEach(word ->
                            wrong.add(family + ": '" + word + "' is not a base unit (seconds, bytes) or is a rate"));
            boolean total = family.endsWith("_total");
            if (type.equals("counter") != total) {
                wrong.add(family + ": a " + type + (total ? " must not end in _total" : ", so it must end in _total"));
            }
            if ((type.equals("histogram") || type.equals("summary"))
                    && !family.endsWith("_seconds")
                    && !family.endsWith("_bytes")) {
                wrong.add(family + ": a " + type + " must be in seconds or bytes");
            }
        });
        return wrong;
    }

    /** The metric names the dashboard's queries use that this scrape does not have. */
    Set<String> missingFromDashboard(Path dashboard) throws IOException {
        Set<String> missing = new TreeSet<>();
        for (JsonNode panel : new ObjectMapper().readTree(dashboard.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = DASHBOARD_METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    String name = m.group();
                    if (samples.stream().noneMatch(s -> s.name().equals(name))) {
                        missing.add(name);
                    }
                }
            }
        }
        return missing;
    }

    private static boolean matches(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
