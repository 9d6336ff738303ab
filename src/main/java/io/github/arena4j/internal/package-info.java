/**
 * Implementation details of arena4j: not API, may change in any release, and never exposed in a
 * public signature of {@code io.github.arena4j}.
 *
 * <p>Conventions: classes here are final and stateless or immutable; whatever mutates (the bump
 * pointer) lives in the arena classes themselves, so that the hot path is one small method.
 */
package io.github.arena4j.internal;
