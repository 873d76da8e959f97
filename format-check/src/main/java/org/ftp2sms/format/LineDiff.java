package org.ftp2sms.format;

import java.util.ArrayList;
import java.util.List;

/** The edits that turn one list of lines into another (longest common subsequence), in order. */
final class LineDiff {
    /** Lines {@code [fromBefore, toBefore)} become {@code [fromAfter, toAfter)}; an insertion has no line before. */
    record Edit(int fromBefore, int toBefore, int fromAfter, int toAfter) {
        /** Whether the edit changes or removes a line of {@code [first, last]} (0-based), or inserts next to one. */
        boolean touches(int first, int last) {
            if (fromBefore == toBefore) {
                return first <= fromBefore && fromBefore - 1 <= last;
            }
            return fromBefore <= last && first < toBefore;
        }
    }

    private LineDiff() {}

    static List<Edit> edits(List<String> before, List<String> after) {
        // The common head and tail first: a formatter changes little, so the table below stays small.
        int head = 0;
        while (head < before.size() && head < after.size() && before.get(head).equals(after.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < before.size() - head
                && tail < after.size() - head
                && before.get(before.size() - 1 - tail).equals(after.get(after.size() - 1 - tail))) {
            tail++;
        }
        List<String> a = before.subList(head, before.size() - tail);
        List<String> b = after.subList(head, after.size() - tail);
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
                continue;
            }
            int fromA = i;
            int fromB = j;
            while ((i < a.size() || j < b.size())
                    && !(i < a.size() && j < b.size() && a.get(i).equals(b.get(j)))) {
                if (j >= b.size() || (i < a.size() && common[i + 1][j] >= common[i][j + 1])) {
                    i++;
                } else {
                    j++;
                }
            }
            edits.add(new Edit(head + fromA, head + i, head + fromB, head + j));
        }
        return edits;
    }
}
