package io.github.arena4j;

/**
 * Frames that give their memory back the moment they close, by moving the write pointer back to
 * where they began: LWJGL's {@code push}/{@code pop}. For arenas whose released memory needs no
 * clearing and no shared scope: without zeroing, and without checks or with a session per frame.
 */
final class RewindingFrames extends FrameStack {

    RewindingFrames(ConfinedArena arena, Scopes scopes, boolean ownSessions, boolean debug) {
        super(arena, scopes, ownSessions, debug);
    }

    @Override
    long start(int depth, int at) {
        return arena.offset;
    }

    @Override
    void release(int depth, int at) {
        long mark = frames[at + MARK];
        if (arena.offset != mark) {
            arena.notePeak();
            arena.rewind(mark, true);
        }
    }

    @Override
    void releaseAcrossChunks(int depth, int at) {
        long position = frames[at + CHUNK];
        scopes.closeFrom(depth); // first: no view may outlive the chunks freed below
        arena.resumeChunk((int) (position >>> 32), (int) position);
        arena.rewind(frames[at + MARK], true);
    }

    @Override
    boolean reclaimForAllocation() {
        return false;
    }

    @Override
    long reclaimable() {
        return 0;
    }

    @Override
    void reset() {
    }

    @Override
    void pinned(int depth, long end) {
    }
}
