package org.ftp2sms.smsc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentItemsTest {
    @Test
    void keepsTheMostRecentUpToItsCapacityOldestFirst() {
        RecentItems<Integer> items = new RecentItems<>(3);
        for (int i = 1; i <= 5; i++) {
            items.add(i);
        }
        assertThat(items.snapshot()).containsExactly(3, 4, 5);
        items.clear();
        assertThat(items.snapshot()).isEmpty();
    }
}
