package io.github.arena4j.bench.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    @Test
    void findsTheBenchmarksThatFailedInTheLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.log");
        Files.writeString(log, """
                # Benchmark: io.github.arena4j.bench.workload.JsonParse256MiBBench.arena4j_native
                # Parameters: (docMB = 50)
                Iteration   1: 160.0 ms/op
                # Benchmark: io.github.arena4j.bench.json.JsonParse256MiBBench.jackson_tree
                # Parameters: (docMB = 50)
                <failure>
                java.lang.OutOfMemoryError: Java heap space
                \tat com.fasterxml.jackson.databind.node.ObjectNode.<init>(ObjectNode.java:42)
                java.lang.IllegalStateException: a later exception of the same benchmark
                # Benchmark: io.github.arena4j.bench.workload.JsonWalkBench.heap_objects
                # Parameters: (docMB = 10)
                """);
        assertEquals(Map.of("JsonParse256MiBBench.jackson_tree@50", "OutOfMemoryError"), JsonReport.failures(log));
    }

    @Test
    void readsClassAndMethodWhateverThePackage() {
        // The committed results name the workload's earlier package, bench.json.
        assertArrayEquals(new String[] {"JsonWalkBench", "heap_objects"},
                JsonReport.classAndMethod("io.github.arena4j.bench.json.JsonWalkBench.heap_objects"));
        assertArrayEquals(new String[] {"JsonParse2GiBBench", "arena4j_native"},
                JsonReport.classAndMethod("io.github.arena4j.bench.workload.JsonParse2GiBBench.arena4j_native"));
    }
}
