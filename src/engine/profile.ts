/** The linkage's view of an account (src/linkage AccountProfile), built from its bounded state. */
import type { AccountProfile } from '../linkage/index.js';
import type { AccountState } from '../state/account.js';
import { INTENT_NAMES, type IntentScores } from '../features/types.js';

export function accountProfile(s: AccountState): AccountProfile {
  const meanIntent: Partial<IntentScores> = {};
  for (let i = 0; i < INTENT_NAMES.length; i++) meanIntent[INTENT_NAMES[i]] = s.intentMean(i);
  const cv = s.gapCv();
  return {
    exchanges: s.n,
    firstSeenMs: s.firstMs,
    lastSeenMs: s.lastMs,
    harvestShare: s.harvestShare(),
    meanIntent,
    singleTurnShare: s.singleTurnShare(),
    distinctPromptShare: s.distinctPromptShare(),
    distinctTopics: s.distinctTopics(),
    interArrivalCv: Number.isNaN(cv) ? undefined : cv,
    activeHours: s.activeHours(),
    clientLibShare: s.clientLibShare(),
    verified: s.record?.verified,
    orgId: s.record?.org_id,
    accountScore: s.localScore,
    meanOutputTokens: Number.isNaN(s.answerLength()) ? undefined : s.answerLength(),
  };
}
