#!/bin/bash
# The statistics-counter experiment of docs/benchmarks.md ("What arena4j costs over the blob"):
# rounds of single-fork JMH runs, interleaved so that the machine's slow phases hit every variant
# alike, of JsonParse2GiBBench at 10 MB for
#   blob    hand_rolled_blob                     (benchmarks.jar)
#   arena   arena4j_native_uninit                (benchmarks.jar: the library as it is)
#   slices  arena4j_slices_uninit                (benchmarks.jar)
#   nocount arena4j_native_uninit                (NOCOUNT_JAR: the library without the two
#                                                  statistics counters in ConfinedArena.claim)
# Make NOCOUNT_JAR by deleting the lines `allocations++;` and `requestedBytes += byteSize;` from
# ConfinedArena.claim in a copy of src/main/java, compiling it with JDK 25's
# `javac --release 22 -d classes ...`, copying target/benchmarks.jar and `jar uf`-ing the classes
# into the copy. One JSON per round and variant is written to the current directory.
# usage: counters-interleaved.sh ROUNDS BENCHMARKS_JAR NOCOUNT_JAR
set -euo pipefail
rounds=$1 jar=$2 nocount=$3
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for r in $(seq 1 "$rounds"); do
  for v in blob arena slices nocount; do
    case $v in
      blob) j=$jar b=hand_rolled_blob ;;
      arena) j=$jar b=arena4j_native_uninit ;;
      slices) j=$jar b=arena4j_slices_uninit ;;
      nocount) j=$nocount b=arena4j_native_uninit ;;
    esac
    "$java" -Djmh.ignoreLock=true -jar "$j" "JsonParse2GiBBench\.$b\$" -p docMB=10 -f 1 \
        -rf json -rff "r$r-$v.json" > "r$r-$v.log" 2>&1
  done
done
