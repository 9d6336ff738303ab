package io.github.arena4j.bench.workload;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link JsonParseBench} with a 256 MiB heap, fixed and pre-touched: the heap tree of the 50 MB
 * document does not fit and fails with {@link OutOfMemoryError}, in its own fork.
 */
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
public class JsonParse256MiBBench extends JsonParseBench {
}
