package org.ftp2sms.gateway;

import java.time.Instant;

/**
 * A file the gateway took for processing, as its session still sees it: clients stat a file right after their
 * upload (paramiko checks its size, rclone reads back the time it set), so the taken file keeps answering with
 * what was taken although it has left the home.
 *
 * @param customerPath the path the customer wrote to, e.g. {@code /orders.csv}
 * @param size         the bytes taken
 * @param takenAt      when it was taken: its times as far as the customer can tell
 */
record TakenFile(String customerPath, long size, Instant takenAt) {
}
