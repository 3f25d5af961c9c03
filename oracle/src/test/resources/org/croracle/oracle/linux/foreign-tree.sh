#!/bin/bash
# A process tree built by the shell alone, as a workload is, for the snapshot's end-to-end test.
# Usage: foreign-tree.sh DIR. Writes DIR/root (the tree's root), DIR/reader (the reading end of a
# pipe between two tasks of the tree) and DIR/outside (a process outside the tree holding that
# pipe's read end too), then returns.
#
#   a session leader (setsid) starts the root and exits: the root's session and group have lost
#   their leader; the root (job control on) puts each background job in a group of its own: one
#   sleep, a pipeline of two sleeps sharing a pipe, and a task whose child exited with status 3 and
#   is never waited for (a zombie).
set -eu
dir=$1
setsid bash -c '
  bash -c "
    set -m
    sleep 1000 &
    sleep 1000 | sleep 1000 &
    echo \$! > $0/reader
    bash -c \"(sleep 0.2; exit 3) & exec sleep 1000\" &
    echo \$\$ > $0/root
    wait
  " </dev/null >/dev/null 2>&1 &
  exit 0' "$dir"
for _ in $(seq 1 200); do
  [ -s "$dir/root" ] && [ -s "$dir/reader" ] && break
  sleep 0.05
done
reader=$(cat "$dir/reader")
# outside the tree: a second opening of the pipe's read end (the same pipe inode)
sleep 1000 3<"/proc/$reader/fd/0" </dev/null >/dev/null 2>&1 &
echo $! > "$dir/outside"
sleep 0.6
