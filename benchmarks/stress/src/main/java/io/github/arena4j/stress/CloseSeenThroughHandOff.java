package io.github.arena4j.stress;

import io.github.arena4j.Arena;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The shared arena's hot path reads its closed flag with a plain load. One thread takes a block
 * (its first allocation), then reads a volatile flag that another thread sets once {@code close()}
 * has returned, then allocates again from the block it holds: the hot path. If it saw the flag,
 * its second allocation happens after close returned and must be refused; if it did not, the
 * allocation races with close and may go either way. A refusal is final either way.
 *
 * <p>{@code r1}: the first allocation (1 a slice, 2 "closed"); {@code r2}: 1 if the flag was seen;
 * {@code r3}: the second allocation; {@code r4}: 1 if the statistics count what succeeded.
 */
@JCStressTest
@Description("close() seen through a volatile hand-off: the hot path refuses what happens after it")
@Outcome(id = "1, 0, 1, 1", expect = Expect.ACCEPTABLE, desc = "both before close")
@Outcome(id = "1, 0, 2, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "close landed between the two")
@Outcome(id = "1, 1, 2, 1", expect = Expect.ACCEPTABLE, desc = "flag seen: the hot path refused")
@Outcome(id = "2, [01], 2, 1", expect = Expect.ACCEPTABLE, desc = "closed before both")
@Outcome(id = "1, 1, 1, .*", expect = Expect.FORBIDDEN, desc = "an allocation succeeded after close returned")
@Outcome(id = "2, .*, 1, .*", expect = Expect.FORBIDDEN, desc = "an allocation succeeded after one was refused")
@Outcome(id = ".*, .*, .*, 0", expect = Expect.FORBIDDEN, desc = "statistics disagree with what was handed out")
@Outcome(expect = Expect.FORBIDDEN, desc = "any other exception or result")
@State
public class CloseSeenThroughHandOff {

    final Arena arena = Arena.builder().heap(1 << 16).shared().countAllocations(true).build();
    volatile boolean closeReturned;
    int allocated;

    @Actor
    public void allocate(IIII_Result r) {
        r.r1 = attempt();
        r.r2 = closeReturned ? 1 : 0;
        r.r3 = attempt();
        allocated = (r.r1 == 1 ? 1 : 0) + (r.r3 == 1 ? 1 : 0);
    }

    @Actor
    public void close() {
        arena.close();
        closeReturned = true;
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r4 = arena.statistics().allocations() == allocated && !arena.isOpen() ? 1 : 0;
    }

    private int attempt() {
        try {
            arena.allocate(16, 8).set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 7L);
            return 1;
        } catch (IllegalStateException e) {
            return e.getMessage() != null && e.getMessage().startsWith("Already closed") ? 2 : 3;
        }
    }
}
