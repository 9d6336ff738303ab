package io.github.arena4j;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Stale-slice detection: a stack of JDK confined scopes, one for the current reset epoch at the
 * bottom and one per open frame above it, each with a view of the blob re-scoped to it. Slices are
 * cut from the top view, so they share its scope; closing that scope, when the frame closes or the
 * arena resets, makes every slice of it throw {@link IllegalStateException} on access.
 *
 * <p>Cost: one scope and one view per reset or frame, nothing per allocation (a slice of a view is
 * made exactly like a slice of the blob).
 *
 * <p>Safety: only blobs the arena owns are re-scoped, and every scope is closed before the blob is
 * freed, so a view can never outlive the memory it points to.
 */
final class Epochs {

    private final MemorySegment blob;
    private java.lang.foreign.Arena[] scopes = new java.lang.foreign.Arena[8];
    private MemorySegment[] views = new MemorySegment[8];
    private int top = -1;

    Epochs(MemorySegment blob) {
        this.blob = blob;
        push();
    }

    /** Opens a scope for a new frame; {@return the view to slice from} */
    @SuppressWarnings("restricted") // sound: the arena closes every scope before it frees the blob
    MemorySegment push() {
        if (++top == scopes.length) {
            scopes = Arrays.copyOf(scopes, top * 2);
            views = Arrays.copyOf(views, top * 2);
        }
        java.lang.foreign.Arena scope = java.lang.foreign.Arena.ofConfined();
        scopes[top] = scope;
        views[top] = blob.reinterpret(scope, null);
        return views[top];
    }

    /** Closes the innermost frame's scope; {@return the enclosing view to slice from} */
    MemorySegment pop() {
        closeTop();
        return views[top];
    }

    /** Ends the current reset epoch and starts the next; {@return the new view} */
    MemorySegment renew() {
        closeTop();
        return push();
    }

    /** Closes every scope, innermost first. */
    void closeAll() {
        while (top >= 0) {
            closeTop();
        }
    }

    private void closeTop() {
        scopes[top].close();
        scopes[top] = null;
        views[top] = null;
        top--;
    }
}
