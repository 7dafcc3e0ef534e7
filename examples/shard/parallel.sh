#!/usr/bin/env bash
# A sharded job on one machine with GNU parallel (Debian/Ubuntu: apt-get install parallel).
# Each process runs one shard: -N0 runs the command once per line of `seq` without appending it;
# {#} (PARALLEL_SEQ) is its number, --shard-count how many there are.
#   examples/shard/parallel.sh data/sample/job.yaml 3
# (the sample job writes to ./lifecircle-sample-output; another job to the `output:` it names)
set -euo pipefail
job=${1:?usage: parallel.sh <job.yaml> [shards] [output folder of the job]}
n=${2:-4}
out=${3:-lifecircle-sample-output}
# at most as many processes as cores at once; a failed shard stops the others (--halt)
seq "$n" | parallel -N0 --will-cite --halt now,fail=1 -j "${JOBS:-$(nproc)}" \
  lifecircle run "$job" --shard env --shard-count "$n" -q
lifecircle merge "$out"/shard-*-of-"$n" -o "$out"
