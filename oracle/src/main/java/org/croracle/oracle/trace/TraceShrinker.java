package org.croracle.oracle.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing list of workload codes (ddmin-style: drop ever smaller chunks, then make each
 * code smaller) while it still fails. The property tests shrink with QuickTheories; this one
 * serves the command line, which has no test framework around it.
 */
public final class TraceShrinker {
    private TraceShrinker() {}

    public static List<Integer> shrink(List<Integer> failing, Predicate<List<Integer>> fails) {
        List<Integer> current = new ArrayList<>(failing);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
                for (int start = 0; start + chunk <= current.size(); ) {
                    List<Integer> candidate = new ArrayList<>(current.subList(0, start));
                    candidate.addAll(current.subList(start + chunk, current.size()));
                    if (fails.test(candidate)) {
                        current = candidate;
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
            for (int i = 0; i < current.size(); i++) {
                for (int smaller : new int[] {0, current.get(i) / 2, current.get(i) - 1}) {
                    if (smaller >= 0 && smaller < current.get(i)) {
                        List<Integer> candidate = new ArrayList<>(current);
                        candidate.set(i, smaller);
                        if (fails.test(candidate)) {
                            current = candidate;
                            progress = true;
                            break;
                        }
                    }
                }
            }
        }
        return current;
    }
}
