package io.github.arena4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a failing {@link Program} down to a minimal one that still fails the same way (the same
 * exception class): first whole runs of operations are dropped, halves before quarters before
 * single steps, then each argument is moved towards 0; both again until nothing changes. The
 * kind stays the one the program failed on. Every step runs the candidate from a fresh arena, so
 * the result replays on its own.
 */
final class Shrinker {

    /** Candidates run at most; a shrink stops with the smallest failing program found so far. */
    static final int MAX_RUNS = 5000;

    /** The smallest failing program found, what it threw, and how many candidates were run. */
    record Result(Program program, Throwable failure, int runs) {
    }

    private final Class<? extends Throwable> type;
    private Program smallest;
    private Throwable failure;
    private int runs;

    Shrinker(Program failing, Throwable failure) {
        this.smallest = failing;
        this.failure = failure;
        this.type = failure.getClass();
    }

    Result shrink() {
        boolean progress = true;
        while (progress && runs < MAX_RUNS) {
            progress = dropOperations() | simplifyArguments();
        }
        return new Result(smallest, failure, runs);
    }

    /** Drops runs of {@code n} operations for n = half the program, a quarter, ... 1. */
    private boolean dropOperations() {
        boolean progress = false;
        for (int n = Math.max(1, smallest.operations().size() / 2); n >= 1; n /= 2) {
            for (int from = 0; from + n <= smallest.operations().size() && runs < MAX_RUNS; ) {
                List<Operation> fewer = new ArrayList<>(smallest.operations());
                fewer.subList(from, from + n).clear();
                if (fails(fewer)) {
                    progress = true; // the next run of n now starts at from
                } else {
                    from += n;
                }
            }
        }
        return progress;
    }

    /** Tries each argument at 0, at half its value, then one less. */
    private boolean simplifyArguments() {
        boolean progress = false;
        for (int i = 0; i < smallest.operations().size(); i++) {
            for (int arg = 0; arg < smallest.operations().get(i).args().length; arg++) {
                int value = smallest.operations().get(i).args()[arg];
                for (int smaller : new int[] {0, value / 2, value - 1}) {
                    if (smaller >= 0 && smaller < value && runs < MAX_RUNS && fails(replace(i, arg, smaller))) {
                        progress = true;
                        break;
                    }
                }
            }
        }
        return progress;
    }

    private List<Operation> replace(int index, int arg, int value) {
        List<Operation> changed = new ArrayList<>(smallest.operations());
        changed.set(index, changed.get(index).with(arg, value));
        return changed;
    }

    /** Runs the candidate; if it fails the same way, it becomes the smallest. */
    private boolean fails(List<Operation> operations) {
        runs++;
        Program candidate = new Program(smallest.kind(), operations);
        Throwable thrown = candidate.failure();
        if (thrown == null || thrown.getClass() != type) {
            return false;
        }
        smallest = candidate;
        failure = thrown;
        return true;
    }
}
