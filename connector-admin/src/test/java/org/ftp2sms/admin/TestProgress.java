package org.ftp2sms.admin;

import org.ftp2sms.testkit.TestKafka;

import java.nio.file.Path;

/** Progress settings of an admin a test starts: its own application id and state, out of every other test's way. */
final class TestProgress {
    private TestProgress() {
    }

    static AdminSettings.Progress isolated() {
        String id = TestKafka.unique("admin-progress");
        return new AdminSettings.Progress(id, Path.of("target", "streams", id), 30);
    }
}
