package dev.dkg.vss;

import java.util.ArrayList;
import java.util.List;

/** Every non-empty subset of a small list, for exhaustive threshold tests. */
final class Subsets {
    private Subsets() {}

    static <T> List<List<T>> nonEmpty(List<T> items) {
        if (items.size() > 16) {
            throw new IllegalArgumentException("too many items to enumerate");
        }
        List<List<T>> subsets = new ArrayList<>();
        for (int mask = 1; mask < (1 << items.size()); mask++) {
            List<T> subset = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(items.get(i));
                }
            }
            subsets.add(subset);
        }
        return subsets;
    }
}
