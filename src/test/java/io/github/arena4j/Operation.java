package io.github.arena4j;

import java.util.Arrays;
import java.util.List;

/**
 * One step of a {@link Program}: what it does to an {@link ArenaModel}, and its arguments as
 * small non-negative integers, each below its bound. Integers keep a program easy to shrink (an
 * argument moves towards 0) and to write as bytes for the fuzzer; {@link #apply} turns them into
 * sizes, alignments, fills and indices.
 *
 * @param code what the operation does
 * @param args one value per bound of {@code code}, each in {@code [0, bound)}
 */
record Operation(Code code, int... args) {

    /**
     * The operations and the bounds of their arguments. The order is the byte encoding of
     * committed fuzz inputs: add new codes at the end, never reorder.
     */
    enum Code {
        /** size in bytes, log2 of the alignment, route, fill byte */
        ALLOCATE(3001, 7, 3, 256),
        /** which {@code allocateFrom} variant, length, seed (zigzag-coded so that 0 is 0) */
        ALLOCATE_FROM(7, 41, 2001),
        /** which live slice, where in it, how many bytes, fill byte */
        WRITE(51, 5001, 64, 256),
        VERIFY_LIVE,
        /** which released slice */
        READ_STALE(64),
        /** which released slice */
        COPY_FROM_RELEASED(64),
        OPEN_FRAME,
        CLOSE_FRAME,
        /** which outer frame */
        CLOSE_OUTER_FRAME(9),
        RESET,
        /** which of {@link ArenaModel#BAD_CALLS} */
        BAD_CALL(ArenaModel.BAD_CALLS.size()),
        /** which outer frame, size in bytes */
        ALLOCATE_THROUGH_OUTER_FRAME(9, 65),
        /** ends the program */
        CLOSE_ARENA;

        private final int[] bounds;

        Code(int... bounds) {
            this.bounds = bounds;
        }

        int arity() {
            return bounds.length;
        }

        int bound(int arg) {
            return bounds[arg];
        }

        /** {@return the bytes argument {@code arg} takes in the encoding: one below 257 values, else two} */
        int width(int arg) {
            return bounds[arg] <= 256 ? 1 : 2;
        }

        static final List<Code> ALL = List.of(values());
    }

    Operation {
        if (args.length != code.arity()) {
            throw new IllegalArgumentException(code + " takes " + code.arity() + " arguments, not " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] < 0 || args[i] >= code.bound(i)) {
                throw new IllegalArgumentException(code + " argument " + i + " is " + args[i] + ", bound " + code.bound(i));
            }
        }
    }

    /** {@return a copy with argument {@code arg} set to {@code value}} */
    Operation with(int arg, int value) {
        int[] changed = args.clone();
        changed[arg] = value;
        return new Operation(code, changed);
    }

    private static final ArenaModel.Route[] ROUTES = ArenaModel.Route.values();

    /** Runs this operation on {@code model}. */
    void apply(ArenaModel model) {
        switch (code) {
            case ALLOCATE -> model.allocate(args[0], 1L << args[1], ROUTES[args[2]], (byte) args[3]);
            case ALLOCATE_FROM -> model.allocateFrom(args[0], args[1], seed());
            case WRITE -> model.write(args[0], args[1], args[2], (byte) args[3]);
            case VERIFY_LIVE -> model.verifyLive();
            case READ_STALE -> model.readStale(args[0]);
            case COPY_FROM_RELEASED -> model.copyFromReleased(args[0]);
            case OPEN_FRAME -> model.openFrame();
            case CLOSE_FRAME -> model.closeFrame();
            case CLOSE_OUTER_FRAME -> model.closeOuterFrame(args[0]);
            case RESET -> model.reset();
            case BAD_CALL -> model.badCall(ArenaModel.BAD_CALLS.get(args[0]));
            case ALLOCATE_THROUGH_OUTER_FRAME -> model.allocateThroughOuterFrame(args[0], args[1]);
            case CLOSE_ARENA -> model.closeArena();
        }
    }

    /** {@return the allocateFrom seed: 0, -1, 1, -2, 2, ... for 0, 1, 2, 3, 4, ...} */
    private long seed() {
        return (args[2] >>> 1) ^ -(args[2] & 1);
    }

    /** {@return the operation as a program line, its arguments named and in their units} */
    @Override
    public String toString() {
        return switch (code) {
            case ALLOCATE -> "allocate(" + args[0] + ", " + (1L << args[1]) + ") by " + ROUTES[args[2]] + " filled " + (byte) args[3];
            case ALLOCATE_FROM -> "allocateFrom #" + args[0] + " length " + args[1] + " seed " + seed();
            case WRITE -> "write " + (byte) args[3] + " into live slice #" + args[0] + " at " + args[1] + " length " + args[2];
            case VERIFY_LIVE -> "verify live slices";
            case READ_STALE -> "read stale slice #" + args[0];
            case COPY_FROM_RELEASED -> "copy released slice #" + args[0];
            case OPEN_FRAME -> "open frame";
            case CLOSE_FRAME -> "close frame";
            case CLOSE_OUTER_FRAME -> "close outer frame #" + args[0];
            case RESET -> "reset";
            case BAD_CALL -> "bad call: " + ArenaModel.BAD_CALLS.get(args[0]);
            case ALLOCATE_THROUGH_OUTER_FRAME -> "allocate(" + args[1] + ", 1) through outer frame #" + args[0];
            case CLOSE_ARENA -> "close the arena";
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Operation o && o.code == code && Arrays.equals(o.args, args);
    }

    @Override
    public int hashCode() {
        return code.hashCode() * 31 + Arrays.hashCode(args);
    }
}
