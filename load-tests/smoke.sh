#!/usr/bin/env bash
# CI smoke run of every load-test scenario: a few seconds each, small fixtures. It proves the scenarios run end
# to end and that their invariants hold (no oversell, no lost message); figures are printed, never judged. So it runs
# the Debug build the test suite has just made (a Release build would add most of a minute for figures nobody reads),
# with one-second steady phases.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d /tmp/pd-load-smoke.XXXXXX)"
trap 'rm -rf "$out"' EXIT

dotnet build load-tests -v q -nologo
run() { echo "== $1"; dotnet run --no-build --project load-tests -- "$@" --quick --output "$out/$1"; }

run store-page --duration 1 --rate 200
run flash-sale --duration 1 --concurrency 16
run checkout --duration 1 --rate 40
run live-rooms --duration 1
run scoreboards --duration 1
run host-sales --duration 1 --concurrency 16
run host-customers --duration 1 --concurrency 16
run room-sale --duration 1 --concurrency 16
run coupon-drop --duration 1 --concurrency 16
