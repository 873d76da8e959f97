package org.ftp2sms.service.worker;

import java.time.Duration;

/**
 * When a transactional worker commits inside a poll batch (it always commits at a batch's end). Large transactions
 * are cheap per record (each commit waits on the coordinator), but a transaction must end well inside
 * {@code transaction.timeout.ms} or the producer is fenced and the batch read again forever.
 *
 * @param maxRecords records per transaction (1: one transaction per record, e.g. per file)
 * @param timeBudget handling time after which the open transaction is committed before the next record (zero:
 *                   every record in a transaction of its own)
 */
public record TransactionLimits(int maxRecords, Duration timeBudget) {

    public TransactionLimits {
        if (maxRecords < 1 || timeBudget.isNegative()) {
            throw new IllegalArgumentException("transaction limits must be positive (a zero budget: one record each): "
                    + maxRecords + ", " + timeBudget);
        }
    }

    /** One transaction per record. */
    public static TransactionLimits perRecord() {
        return new TransactionLimits(1, Duration.ofDays(1));
    }

    /** As many records as a poll brings, cut when handling them takes longer than {@code timeBudget}. */
    public static TransactionLimits timeBounded(Duration timeBudget) {
        return new TransactionLimits(Integer.MAX_VALUE, timeBudget);
    }
}
