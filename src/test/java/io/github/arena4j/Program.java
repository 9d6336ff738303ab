package io.github.arena4j;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A program of arena operations on one kind from {@link ArenaKinds}, run against a fresh
 * {@link ArenaModel} with its invariants checked after every step. Programs come from a seed
 * ({@link #random}) for the property tests, or from bytes ({@link #decode}) for the fuzzer and the
 * committed fuzz inputs; {@link #encode} writes any program back as such bytes, so that a failure
 * found either way can be committed and replayed.
 *
 * <p>Encoding: one byte picks the kind (its index in {@link ArenaKinds#ALL}, modulo their number),
 * then each operation is one byte for its {@link Operation.Code} (modulo their number) followed by
 * its arguments, big-endian, one or two bytes each (modulo the argument's bound). Missing bytes at
 * the end read as zeros, so every byte string is a program. An input keeps its meaning while the
 * kinds, codes and bad calls it indexes keep their order; when the catalogue grows, an old input
 * is still a program, but may run on another kind.
 *
 * @param kind the arena kind the program runs on
 * @param operations the steps, in order; the program ends early if one closes the arena
 */
record Program(ArenaKinds.Kind kind, List<Operation> operations) {

    /** The longest program {@link #random} makes. */
    static final int MAX_OPERATIONS = 60;
    /** The longest program {@link #decode} reads: the rest of a longer input is ignored. */
    static final int MAX_DECODED_OPERATIONS = 200;

    Program {
        operations = List.copyOf(operations);
    }

    /** {@return what running this program threw, or {@code null} if every check held} */
    Throwable failure() {
        try (ArenaModel model = new ArenaModel(kind)) {
            for (Operation operation : operations) {
                operation.apply(model);
                if (model.isClosed()) {
                    return null;
                }
                model.invariants();
            }
            model.verifyLive();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Runs this program; if a check fails, shrinks it and throws an {@link AssertionError} that
     * prints the minimal program, its bytes, and {@code origin} (how to make this program again).
     */
    void check(String origin) {
        Throwable failure = failure();
        if (failure == null) {
            return;
        }
        Shrinker.Result minimal = new Shrinker(this, failure).shrink();
        Program smallest = minimal.program();
        int n = smallest.operations().size();
        throw new AssertionError("A program of " + operations.size() + " operations failed on " + kind + " (" + origin
                + ").\nShrunk in " + minimal.runs() + " runs to " + n + (n == 1 ? " operation:\n" : " operations:\n")
                + smallest + "\n" + smallest.replayHint() + "\nIt fails with: " + minimal.failure(), minimal.failure());
    }

    /** {@return how to keep this program as a regression input that every build replays} */
    String replayHint() {
        String base64 = Base64.getEncoder().encodeToString(encode());
        return "Keep it as a regression input: echo " + base64 + " | base64 -d > " + ArenaFuzzInputsTest.DIRECTORY
                + "/<name>";
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("  on " + kind);
        for (int i = 0; i < operations.size(); i++) {
            text.append("\n  ").append(i + 1).append(". ").append(operations.get(i));
        }
        return text.toString();
    }

    // ---- bytes -------------------------------------------------------------------------------

    /** {@return the program these bytes encode}: every byte string is one. */
    static Program decode(byte[] input) {
        Reader in = new Reader(input);
        ArenaKinds.Kind kind = ArenaKinds.ALL.get(in.next(1) % ArenaKinds.ALL.size());
        List<Operation> operations = new ArrayList<>();
        while (in.more() && operations.size() < MAX_DECODED_OPERATIONS) {
            Operation.Code code = Operation.Code.ALL.get(in.next(1) % Operation.Code.ALL.size());
            int[] args = new int[code.arity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = in.next(code.width(i)) % code.bound(i);
            }
            operations.add(new Operation(code, args));
        }
        return new Program(kind, operations);
    }

    /** {@return the bytes that {@link #decode} reads back as this program} */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ArenaKinds.ALL.indexOf(kind));
        for (Operation operation : operations) {
            out.write(operation.code().ordinal());
            for (int i = 0; i < operation.args().length; i++) {
                if (operation.code().width(i) == 2) {
                    out.write(operation.args()[i] >>> 8);
                }
                out.write(operation.args()[i]);
            }
        }
        return out.toByteArray();
    }

    /** Reads unsigned big-endian numbers; past the end it reads zeros. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return at < bytes.length;
        }

        int next(int width) {
            int value = 0;
            for (int i = 0; i < width; i++) {
                value = value << 8 | (at < bytes.length ? bytes[at] & 0xFF : 0);
                at++;
            }
            return value;
        }
    }

    // ---- random programs -------------------------------------------------------------------

    /**
     * {@return how often {@link #random} picks {@code code}, against the sum over all codes}
     * Closing the arena ends the program, so it is never picked: it comes last, in half the
     * programs.
     */
    private static int weight(Operation.Code code) {
        return switch (code) {
            case ALLOCATE -> 8;
            case ALLOCATE_FROM, OPEN_FRAME, CLOSE_FRAME, BAD_CALL -> 3;
            case WRITE, READ_STALE -> 2;
            case VERIFY_LIVE, COPY_FROM_RELEASED, CLOSE_OUTER_FRAME, RESET, ALLOCATE_THROUGH_OUTER_FRAME -> 1;
            case CLOSE_ARENA -> 0;
        };
    }

    private static final int[] WEIGHTS = Operation.Code.ALL.stream().mapToInt(Program::weight).toArray();
    private static final int TOTAL_WEIGHT = Arrays.stream(WEIGHTS).sum();

    /** {@return a random program of 1 to {@value #MAX_OPERATIONS} operations on {@code kind}} */
    static Program random(ArenaKinds.Kind kind, SplittableRandom random) {
        int length = random.nextInt(1, MAX_OPERATIONS + 1);
        List<Operation> operations = new ArrayList<>(length + 1);
        for (int n = 0; n < length; n++) {
            int pick = random.nextInt(TOTAL_WEIGHT);
            int code = 0;
            while (pick >= WEIGHTS[code]) {
                pick -= WEIGHTS[code++];
            }
            operations.add(arguments(Operation.Code.ALL.get(code), random));
        }
        if (random.nextBoolean()) {
            operations.add(new Operation(Operation.Code.CLOSE_ARENA));
        }
        return new Program(kind, operations);
    }

    private static Operation arguments(Operation.Code code, SplittableRandom random) {
        int[] args = new int[code.arity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = random.nextInt(code.bound(i));
        }
        if (code == Operation.Code.ALLOCATE) {
            args[0] = size(random);
        }
        return new Operation(code, args);
    }

    /** Sizes as programs use them: some empty, mostly small, a few near a tiny chunk, rarely large. */
    private static int size(SplittableRandom random) {
        int pick = random.nextInt(17);
        if (pick < 2) {
            return 0;
        }
        if (pick < 10) {
            return random.nextInt(1, 17);
        }
        if (pick < 16) {
            return random.nextInt(17, 301);
        }
        return random.nextInt(301, Operation.Code.ALLOCATE.bound(0));
    }
}
