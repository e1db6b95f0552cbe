import fc from 'fast-check';

/**
 * In CI every property test runs with one fixed seed, so a run can be
 * reproduced and a submission is judged on the code, not on the dice.
 * Elsewhere the seed is random (or FC_SEED), so developers keep finding new
 * counterexamples; fast-check prints the seed of any failure.
 */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261123 : undefined;
if (seed !== undefined && Number.isFinite(seed)) fc.configureGlobal({ seed });
