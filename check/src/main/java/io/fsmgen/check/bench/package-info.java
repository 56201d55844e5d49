/** The explorer's benchmark command ({@link io.fsmgen.check.bench.ExplorerBenchmark}), never part of the tests. */
package io.fsmgen.check.bench;
