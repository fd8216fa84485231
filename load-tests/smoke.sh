#!/usr/bin/env bash
# CI smoke run of every load-test scenario: a few seconds each, small fixtures. It proves the scenarios run end
# to end and that their invariants hold (no oversell, no lost message); figures are printed, never judged.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d /tmp/pd-load-smoke.XXXXXX)"
trap 'rm -rf "$out"' EXIT

dotnet build load-tests -c Release -v q -nologo
run() { echo "== $1"; dotnet run -c Release --no-build --project load-tests -- "$@" --quick --output "$out/$1"; }

run store-page --duration 3 --rate 200
run flash-sale --duration 2 --concurrency 16
run checkout --duration 2 --rate 40
run live-rooms --duration 2
run scoreboards --duration 2
run host-sales --duration 2 --concurrency 16
run host-customers --duration 2 --concurrency 16
run room-sale --duration 2 --concurrency 16
run coupon-drop --duration 2 --concurrency 16
