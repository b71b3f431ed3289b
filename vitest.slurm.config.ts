import { defineConfig } from 'vitest/config';

/** The SLURM test: starts real slurmctld/slurmd daemons (scripts/slurm/single-node.sh). */
export default defineConfig({
  test: {
    include: ['test/slurm/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
