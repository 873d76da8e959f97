package org.ftp2sms.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PublicKeyCheckTest {
    @TempDir
    Path dir;

    @Test
    void acceptsEd25519EcdsaAndRsaOf2048BitsMadeByOpenSsh() {
        assertThat(PublicKeyCheck.problem(SshKeys.publicLine(SshKeys.generate(dir, "ed", "ed25519", 0)))).isNull();
        assertThat(PublicKeyCheck.problem(SshKeys.publicLine(SshKeys.generate(dir, "ec256", "ecdsa", 256)))).isNull();
        assertThat(PublicKeyCheck.problem(SshKeys.publicLine(SshKeys.generate(dir, "ec521", "ecdsa", 521)))).isNull();
        assertThat(PublicKeyCheck.problem(SshKeys.publicLine(SshKeys.generate(dir, "rsa", "rsa", 2048)))).isNull();
    }

    @Test
    void refusesWeakRsaKeys() {
        String rsa1024 = SshKeys.publicLine(SshKeys.generate(dir, "rsa1024", "rsa", 1024));
        assertThat(PublicKeyCheck.problem(rsa1024)).contains("1024 bits").contains("2048");
    }

    @Test
    void refusesLinesThatLookRightButDoNotDecode() {
        String ed = SshKeys.publicLine(SshKeys.generate(dir, "ed", "ed25519", 0));
        String[] parts = ed.split(" ");
        // A key cut short: the right prefix, too few bytes.
        assertThat(PublicKeyCheck.problem(parts[0] + " " + parts[1].substring(0, 30) + " me")).startsWith("not a readable");
        // The type on the line does not match the key data.
        assertThat(PublicKeyCheck.problem("ssh-rsa " + parts[1])).isNotNull();
        assertThat(PublicKeyCheck.problem("not a key")).isNotNull();
        assertThat(PublicKeyCheck.problem("")).startsWith("empty");
        assertThat(PublicKeyCheck.problem("-----BEGIN OPENSSH PRIVATE KEY-----")).contains("PEM");
        assertThat(PublicKeyCheck.problem(ed + "\n" + ed)).contains("several lines");
        assertThat(PublicKeyCheck.problem("command=\"ls\" " + ed)).contains("options");
    }
}
