#!/bin/bash
# tests/testbed/bochs-killed.sh - BOCHS_CMD of the tb-killed self-test: runs
# Bochs (same arguments) and kills it with SIGABRT half a second after it
# starts, long before the guest's first console line, after writing one
# error line to its output the way an aborting program does.
(
	sleep 0.5
	echo "*** tb-killed: simulated abort ***: terminated" >&2
	kill -ABRT $$
) &
exec bochs-bin "$@"
