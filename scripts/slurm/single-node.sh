#!/bin/bash
# Copied from the project's shared test setup (../shared/slurm/single-node.sh), so that CI on a clean clone has it.
# A real single-node SLURM (controller + one compute node on this machine) for tests.
# Debian 12, as root, no systemd, no cgroups; Slurm 22.05 from Debian (slurmctld slurmd slurm-client munge).
# Export SLURM_CONF=$SLURM_DIR/etc/slurm.conf (default /tmp/slurm-single-node/etc/slurm.conf) before sbatch/squeue.
# Ports 6817/6818 must be free. Without accounting, finished jobs vanish after ~300 s: check results at once.
# usage: single-node.sh install | start | run_test | stop | clean
set -euo pipefail
S=${SLURM_DIR:-/tmp/slurm-single-node}
export SLURM_CONF=$S/etc/slurm.conf
M=$S/munge

install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge
}

start() {
  mkdir -p $S/etc $S/state $S/spool $S/log $S/run $M
  chmod 711 $M                         # munged: socket dir must be o+x
  [ -f $M/munge.key ] || mungekey -c -k $M/munge.key
  H=$(hostname -s)
  # real topology of this box, with a small RealMemory
  NODE=$(slurmd -C | head -1 | sed -E "s/RealMemory=[0-9]+/RealMemory=1000/")
  cat > $SLURM_CONF <<EOF
ClusterName=ci
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$M/munge.socket
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/run/slurmctld.pid
SlurmdPidFile=$S/run/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
$NODE NodeAddr=127.0.0.1
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
EOF
  munged --socket=$M/munge.socket --key-file=$M/munge.key \
    --pid-file=$M/munged.pid --log-file=$M/munged.log --seed-file=$M/munged.seed
  slurmctld -i          # -i: ignore missing state files (fresh dir)
  slurmd
  for i in $(seq 100); do               # wait up to 20 s for the node
    sinfo -h -o %T 2>/dev/null | grep -qx idle && return 0; sleep 0.2
  done
  echo "node not idle"; sinfo -N -l; tail $S/log/*.log; return 1
}

run_test() {
  rm -f $S/out.*
  J=$(sbatch --parsable --array=0-3 -o $S/log/slurm-%A_%a.out --wrap \
    'echo shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT > '$S'/out.$SLURM_ARRAY_TASK_ID; sleep 1')
  # poll (sbatch --wait works too, but its back-off adds ~7 s)
  while [ -n "$(squeue -h -j $J)" ]; do sleep 0.2; done
  if scontrol -o show job $J | grep -v 'JobState=COMPLETED.*ExitCode=0:0'; then
    echo "array $J: a task failed"; return 1; fi
  for i in 0 1 2 3; do grep -qx "shard $i of 4" $S/out.$i; done
  echo "array $J OK"
}

stop() {   # by PID: slurm daemons together, then munged
  for grp in "$S/run/slurmd.pid $S/run/slurmctld.pid" "$M/munged.pid"; do
    pids=$(cat $grp 2>/dev/null || true); [ -n "$pids" ] || continue
    kill $pids 2>/dev/null || true
    for pid in $pids; do     # wait up to ~5 s each
      for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
    done
  done
}

clean() { stop; rm -rf $S/etc $S/state $S/spool $S/log $S/run $M $S/out.*; }

"$@"
