#!/usr/bin/env bash
# One shard per Slurm array task. Submit the array, then the merge once every task has succeeded:
#   jid=$(sbatch --parsable examples/shard/slurm-array.sh guangdong.yaml)
#   sbatch --dependency=afterok:"$jid" --wrap 'lifecircle merge out/shard-*-of-8 -o out'
# --shard env reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN (and _STEP) and SLURM_ARRAY_TASK_COUNT,
# so --array=1-8 and --array=0-7 both give shards 1/8 … 8/8. The job file and its output folder
# must be on a file system every node mounts at the same path (run.json records the paths).
#SBATCH --job-name=lifecircle
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=lifecircle-shard-%a.log
set -euo pipefail
lifecircle run "${1:?usage: sbatch slurm-array.sh <job.yaml>}" --shard env -q
