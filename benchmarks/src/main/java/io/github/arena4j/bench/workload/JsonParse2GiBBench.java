package io.github.arena4j.bench.workload;

import org.openjdk.jmh.annotations.Fork;

/** {@link JsonParseBench} with a 2 GiB heap, fixed and pre-touched. */
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class JsonParse2GiBBench extends JsonParseBench {
}
