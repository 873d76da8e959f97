package org.ftp2sms.admin;

import org.ftp2sms.testkit.TestKafka;

import java.nio.file.Path;

/** Where an admin a test starts keeps things: its own data dir, state and application id, out of every other test's way. */
final class TestStorage {
    private TestStorage() {
    }

    static AdminSettings.Storage isolated() {
        String id = TestKafka.unique("admin");
        Path dir = Path.of("target", "admin-data", id);
        return new AdminSettings.Storage(dir, dir.resolve("streams"), id, 30);
    }
}
