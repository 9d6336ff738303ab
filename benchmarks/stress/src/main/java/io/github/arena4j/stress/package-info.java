/**
 * jcstress tests of the shared arena: each test is a small state (a fresh shared arena) raced on by
 * two actor threads, after which an arbiter checks what must hold whatever the interleaving. The
 * arenas are heap-backed so that the harness can make millions of them cheaply; the allocation,
 * claim and close paths are the same for every backing.
 */
package io.github.arena4j.stress;
