/**
 * The simulator: labelled worlds of API traffic with benign personas and
 * campaign strategies (issue 3). `simulateWorld` writes a world; `SCENARIOS`
 * lists what it can build.
 */
export { simulateWorld, SimulateError, type Manifest, type SimulateOptions } from './world.js';
export { SCENARIOS } from './scenarios.js';
export { PERSONAS, PERSONA_SUMMARY } from './personas.js';
export { STRATEGIES, STRATEGY_SUMMARY } from './strategies.js';
export { CorpusError } from './text/bank.js';
