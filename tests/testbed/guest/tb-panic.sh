#!/bin/sh
# Testbed self-test guest: crash the kernel on purpose.
echo "ok 1 - about to crash the kernel"
echo c >/proc/sysrq-trigger
