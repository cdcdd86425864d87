#!/bin/sh
# Testbed self-test guest: never finish.
echo "ok 1 - about to hang"
while :; do sleep 60; done
