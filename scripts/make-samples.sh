#!/bin/sh
# Regenerates the bundled glasses of src/store/samples.ts with the project's own CLI
# (random positions at the model's density, seeded, quenched to an inherent state).
# ipl2D-400, poly2D-1024 and ipl3D-2000-liquid are copies of ../shared/fixtures.
set -e
cd "$(dirname "$0")/.."
cli() { npm run --silent cli -- "$@"; }
cli generate --model ipl --d 2 --N 1024 --seed 1 --out public/samples/ipl2D-1024.dat
cli generate --model ipl --d 2 --N 4096 --seed 2 --out public/samples/ipl2D-4096.dat
cli generate --model ipl --d 3 --N 1000 --seed 3 --out public/samples/ipl3D-1000.dat
