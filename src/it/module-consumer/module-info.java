/** A user of arena4j on the module path: what the module-path test compiles and runs. */
module example.consumer {
    requires io.github.arena4j;
    requires jdk.jfr;
}
