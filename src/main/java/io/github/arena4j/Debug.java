package io.github.arena4j;

/**
 * Debug mode, the JVM-wide switch: {@code -Darena4j.debug=true}, read once when this class
 * initializes, turns it on for every arena, scratch arenas included; {@link Arena.Builder#debug}
 * turns it on for one. An arena in debug mode records where it was made and where each of its
 * frames opened ({@link Site}), names those sites when a frame closes out of order, is left open
 * at a reset or close, or is collected while open, and fills memory that frames and resets
 * release under {@link StaleSliceChecks#NONE} with {@link #POISON}.
 *
 * <p>The choice is made when an arena is built: an arena out of debug mode runs the same code as
 * before the mode existed (see {@link FrameStack#open()}).
 */
final class Debug {

    /** The system property that turns debug mode on for every arena. */
    static final String PROPERTY = "arena4j.debug";

    /** Whether every arena is in debug mode. */
    static final boolean ALL = Boolean.getBoolean(PROPERTY);

    /** What released memory reads as in debug mode, under {@link StaleSliceChecks#NONE}. */
    static final byte POISON = (byte) 0xDE;

    private Debug() {
    }
}
