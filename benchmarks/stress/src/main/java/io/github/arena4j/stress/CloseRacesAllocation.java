package io.github.arena4j.stress;

import io.github.arena4j.Arena;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One thread allocates twice (a claim from the shared pointer, then a bump in its own block) while
 * another closes the arena and then tries to allocate. Each allocation either succeeds, before the
 * close, or throws {@link IllegalStateException}; once one is refused, the next is too; the
 * closing thread's own allocation after {@code close()} returned always fails; and the statistics
 * count exactly the allocations that succeeded.
 *
 * <p>{@code r1}: the allocating thread's two results, 1 for a slice and 2 for "closed", as two
 * digits. {@code r2}: the closing thread's allocation after close. {@code r3}: 1 if the
 * statistics agree with {@code r1}.
 */
@JCStressTest
@Description("close() racing with allocation: before, or refused; never after close returned")
@Outcome(id = "11, 2, 1", expect = Expect.ACCEPTABLE, desc = "both allocations before close")
@Outcome(id = "12, 2, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "close landed between the two")
@Outcome(id = "22, 2, 1", expect = Expect.ACCEPTABLE, desc = "close before both")
@Outcome(id = "21, .*", expect = Expect.FORBIDDEN, desc = "an allocation succeeded after one was refused as closed")
@Outcome(id = ".*, 1, .*", expect = Expect.FORBIDDEN, desc = "an allocation succeeded after close returned")
@Outcome(id = ".*, .*, 0", expect = Expect.FORBIDDEN, desc = "statistics disagree with what was handed out")
@Outcome(expect = Expect.FORBIDDEN, desc = "any other exception or result")
@State
public class CloseRacesAllocation {

    final Arena arena = Arena.builder().heap(4096).shared().countAllocations(true).build();
    int allocated;

    @Actor
    public void allocate(III_Result r) {
        int first = attempt();
        int second = attempt();
        allocated = (first == 1 ? 1 : 0) + (second == 1 ? 1 : 0);
        r.r1 = first * 10 + second;
    }

    @Actor
    public void close(III_Result r) {
        arena.close();
        r.r2 = attempt();
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = arena.statistics().allocations() == allocated && arena.used() == 0 && !arena.isOpen() ? 1 : 0;
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
