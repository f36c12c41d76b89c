#!/usr/bin/env bash
# Image list benchmark: 100k images, list page and filtered API, p50/p95 (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx1g -Djava.io.tmpdir=target/test-tmp -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  imagehub.bench.ImageListBench
