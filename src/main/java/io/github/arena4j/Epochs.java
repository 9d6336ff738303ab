package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Stale-slice detection: a stack of JDK confined scopes, one for the current reset epoch at the
 * bottom and one per open frame above it. Slices are cut from a view of the current chunk
 * re-scoped to the top scope, so they share it; closing that scope, when the frame closes or the
 * arena resets, makes every slice of it throw {@link IllegalStateException} on access.
 *
 * <p>Cost: one scope and one view per reset or frame, nothing per allocation (a slice of a view is
 * made exactly like a slice of the blob).
 *
 * <p>Safety: only memory the arena owns is re-scoped, and the arena closes every scope whose views
 * cover a chunk before it frees that chunk, so a view never outlives the memory it points to.
 */
final class Epochs {

    private java.lang.foreign.Arena[] scopes = new java.lang.foreign.Arena[8];
    private int top = -1;

    Epochs() {
        push();
    }

    /** Opens the scope of a new frame. */
    void push() {
        if (++top == scopes.length) {
            scopes = Arrays.copyOf(scopes, top * 2);
        }
        scopes[top] = java.lang.foreign.Arena.ofConfined();
    }

    /** Closes the innermost frame's scope. */
    void pop() {
        scopes[top].close();
        scopes[top--] = null;
    }

    /** Ends the current reset epoch and starts the next. */
    void renew() {
        pop();
        push();
    }

    /** Closes every scope, innermost first. */
    void closeAll() {
        while (top >= 0) {
            pop();
        }
    }

    /** {@return {@code chunk} re-scoped to the innermost open scope} */
    @SuppressWarnings("restricted") // sound: the arena closes every scope before it frees the chunk
    MemorySegment view(MemorySegment chunk) {
        return chunk.reinterpret(scopes[top], null);
    }
}
