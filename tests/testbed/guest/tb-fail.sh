#!/bin/sh
# Testbed self-test guest: one passing and one failing result.
. ./lib.sh
ok 0 "a check that passes"
ok 1 "a check that fails on purpose"
done_testing
