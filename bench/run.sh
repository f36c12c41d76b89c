#!/usr/bin/env bash
# Runs one benchmark main from src/test/java/imagehub/bench, e.g. bench/run.sh ImageListBench.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:?usage: bench/run.sh ApiBench|ImageListBench|ReplaceEverywhereBench|UsageBench}
# ApiBench drives the API with wrk, from Debian's packages.
if [ "$bench" = ApiBench ] && ! command -v wrk > /dev/null; then
  apt-get install -y -q wrk > /dev/null
fi
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p target/test-tmp
# The server's log (a line per request) goes to a file, so it cannot break into the figures printed.
exec java -Xmx1g -Dorg.slf4j.simpleLogger.logFile=target/test-tmp/bench-server.log ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=target/test-tmp -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  "imagehub.bench.$bench"
