package org.ftp2sms.gateway;

import org.ftp2sms.service.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemporaryNamesTest {
    private final TemporaryNames defaults = TemporaryNames.of(TemporaryNames.DEFAULT_PATTERNS);

    @Test
    void theNamesClientsWriteToAreTemporaryByDefault() {
        assertThat(List.of("orders.csv.filepart", "orders.csv.part", "orders.csv.partial", "orders.tmp",
                "orders.csv.upload", ".orders.csv", ".~lock.orders.csv#", "~orders.csv"))
                .allMatch(defaults::isTemporary);
    }

    @Test
    void finalNamesAreNot() {
        assertThat(List.of("orders.csv", "orders.partial.csv", "part", "orders.csv~", "filepart.csv", "orders.TMP.csv"))
                .noneMatch(defaults::isTemporary);
    }

    @Test
    void patternsAreASetting() {
        TemporaryNames custom = TemporaryNames.of(" *.inprogress , *.writing ");
        assertThat(custom.isTemporary("a.csv.inprogress")).isTrue();
        assertThat(custom.isTemporary("a.csv.part")).isFalse();
        assertThat(TemporaryNames.of("").isTemporary(".hidden")).isFalse();
        assertThatThrownBy(() -> TemporaryNames.of("in/*.part")).isInstanceOf(SettingsException.class)
                .hasMessageContaining("FTP2SMS_TEMPORARY_NAMES");
    }
}
