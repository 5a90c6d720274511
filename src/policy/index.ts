/** The enforcement policy: what the gateway and `policy check` import. */
export type { Action, Decision, Degrade, Policy, Standing, Subject } from './types.js';
export { ACTIONS } from './types.js';
export { createPolicy, caseIdFor, accountCaseId, DEFAULT_POLICY, type EnforcementPolicy, type PolicyOptions, type BucketsState } from './policy.js';
export { loadPolicyFile, parsePolicyText, PolicyError } from './load.js';
export { ManualBlocks, BlocksError, type ManualBlock, type BlockInput } from './blocks.js';
export { PolicyFile, type PolicyFileInput, type Rule } from './schema.js';
export { runPolicyTests, type TestOutcome } from './selftest.js';
