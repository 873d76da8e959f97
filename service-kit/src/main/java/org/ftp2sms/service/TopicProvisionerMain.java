package org.ftp2sms.service;

import java.time.Duration;

/**
 * Creates the topics of docs/topics.md on an existing cluster (the Helm chart runs it as a pre-install and
 * pre-upgrade Job): {@code FTP2SMS_KAFKA_BOOTSTRAP}, {@code FTP2SMS_PARTITIONS} (default 6) and
 * {@code FTP2SMS_REPLICATION_FACTOR} (default 3). Topics that exist are left as they are, except that the
 * compacted ones must be compacted.
 */
public final class TopicProvisionerMain {
    private TopicProvisionerMain() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        try {
            TopicProvisioner.ensureTopics(KafkaSettings.fromEnv(env), env.integer("FTP2SMS_PARTITIONS", 6),
                    (short) env.integer("FTP2SMS_REPLICATION_FACTOR", 3), Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            System.err.println("ftp2sms: topics not ready: " + e.getMessage());
            System.exit(1);
        }
    }
}
