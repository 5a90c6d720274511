import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { INTENT_ON, type AccountState } from '../../state/account.js';
import { intentModelOn } from '../../features/intent-model/index.js';
import { pct } from '../content/index.js';

/** Depths counted one by one; deeper turns count in the last slot. */
const DEPTHS = 4;

/**
 * What the detector keeps per account: exchanges by how many user turns they
 * carry (1, 2, 3, 4 or more), without tool turns. A conversation that reaches
 * depth k sends one exchange at each depth up to k, so `atDepth[k] /
 * atDepth[1]` is the share of conversations that reached depth k: the
 * survival curve of the account's conversations, in four numbers.
 */
class Depths {
  readonly atDepth = new Float64Array(DEPTHS + 1);
  /** first turns that pose a capability item or ask for reasoning (lexicon or text model) */
  itemOpeners = 0;
}

/**
 * Multi-turn reasoning extraction: conversations opened with an item and
 * driven on by follow-ups that take the worked answer apart ("explain step
 * 2", "why that", "what would change if…"), re-sent with the prior answers,
 * systematically over many conversations. Follow-up wording cannot tell it
 * from people (their follow-ups come from the same small vocabulary; a rule
 * on the wording swept 11% of ordinary users in an outside world). What a
 * script cannot avoid is its regular depth: it takes every answer apart,
 * so nearly every conversation it opens reaches the third turn; people stop
 * when they have what they need, and the share of their conversations that
 * goes on falls turn by turn (a tutoring app's students, a support desk's
 * customers and curious people reached the third turn in 17–65% of their
 * conversations in our worlds, under 85% in every account with 40 or more;
 * the harvest in 99–100%).
 *
 * It fires when, over the account's life:
 * - it opened `minConversations` or more conversations (its volume),
 * - `minDeepShare` or more of them reached the third user turn,
 * - follow-up turns are `minFollowUpShare` or more of its exchanges,
 * - `minItemOpeners` or more of its conversations open with a capability
 *   item or a request for reasoning (something to take apart; a chat
 *   product with suggested-reply buttons takes chats deep too),
 * - on `minDays` active days.
 * - its follow-ups do not follow the answers (src/state/pacing.ts): a
 *   tutoring app whose students press "another one like this" after each
 *   long explanation takes conversations deep too, but each press comes
 *   after a pause that grows with the answer just read.
 * Review only: its score stays between the review and block lines.
 *
 * Evaded by: conversations whose depth varies as people's do (many stopped
 * after one follow-up: less reasoning per opened item), under
 * `minConversations` per account (more accounts: the linkage's job),
 * conversations split across accounts (each carries the history, so an
 * account that only continues others' conversations still shows depth ≥ 3
 * and is read), or a prefilled history with fake earlier turns
 * (the same), or pauses made to grow with each answer's length (a script
 * that reads as slowly as a person). Falsely flags: an automated tester replaying multi-turn
 * scripts of fixed length; a product that always sends two canned follow-ups
 * (review; an analyst reads the account).
 */
export const reasoningProbe = defineDetector({
  id: 'conversation.reasoning_probe',
  summary: 'Nearly every conversation pulled to the third turn and beyond, over dozens of conversations: a script taking worked answers apart step by step.',
  evadedBy: 'conversation depth that varies as people\'s does; under the per-account volume of conversations; openers that pose no item (chat dressing); pauses made to grow with each answer\'s length',
  falselyFlags: 'an automated tester replaying fixed-length multi-turn scripts; a product that always sends two canned follow-ups (review only, never block)',
  weight: 0.7,
  config: z.object({
    /** conversations opened (or continued) before the account is judged: a person's week has a few dozen, a harvest hundreds */
    minConversations: z.number().int().positive().default(40),
    /**
     * Share of conversations reaching the third user turn. People's follow-ups
     * thin out turn by turn: a person whose every conversation has on average
     * m follow-ups reaches the third turn in (m/(m+1))² of them, 69% at m = 5;
     * over 40 conversations and more no benign account in our worlds reached
     * 85%. A script that takes each answer apart reaches it every time.
     */
    minDeepShare: z.number().min(0).max(1).default(0.9),
    /** follow-up turns among the account's exchanges: its traffic is the conversations, not a side of them */
    minFollowUpShare: z.number().min(0).max(1).default(0.5),
    minDays: z.number().int().positive().default(2),
    /**
     * Share of first turns that pose a capability item or ask for reasoning
     * (any extraction intent of the lexicon, benchmark-style items included,
     * or the text model): what there is to take apart. A chat product whose
     * users press suggested-reply buttons, or an app relaying people's own
     * multi-turn chats, opens 2–14% of its conversations so in the linkage
     * tests' population, and takes every one past the third turn.
     */
    minItemOpeners: z.number().min(0).max(1).default(0.3),
  }),
  create(cfg) {
    const tallies = new WeakMap<AccountState, Depths>();
    return {
      observe(s: AccountState, _ex: Exchange, f: ExchangeFeatures): void {
        if (f.toolTurns > 0 || f.userTurns < 1) return;
        let t = tallies.get(s);
        if (!t) {
          t = new Depths();
          tallies.set(s, t);
        }
        t.atDepth[Math.min(DEPTHS, f.userTurns)]++;
        if (f.userTurns === 1) {
          const it = f.intent;
          if (Math.max(it.cot, it.reconstruct, it.judge, it.benchmark, it.internals, it.datagen) >= INTENT_ON || (f.intentModel ?? 0) >= intentModelOn()) t.itemOpeners++;
        }
      },

      evaluate(s: AccountState): Signal[] {
        const t = tallies.get(s);
        if (!t || s.days < cfg.minDays) return [];
        const d = t.atDepth;
        // conversations the account touched: an account that only continues others' conversations has few first turns
        const conversations = Math.max(d[1], d[2], d[3]);
        if (conversations < cfg.minConversations) return [];
        const deep = Math.min(1, d[3] / conversations);
        if (deep < cfg.minDeepShare) return [];
        const follow = s.followUpShare();
        if (follow < cfg.minFollowUpShare || s.followsAnswers()) return [];
        const items = d[1] > 0 ? t.itemOpeners / d[1] : 0;
        if (items < cfg.minItemOpeners) return [];
        const further = Math.min(1, d[4] / conversations);
        const score = Math.round((0.62 + 0.04 * Math.min(1, (deep - cfg.minDeepShare) / (1 - cfg.minDeepShare + 1e-9))) * 1000) / 1000;
        return [{
          signal: 'conversation.reasoning_probe',
          score,
          detail: `${pct(deep)} of its ${Math.round(conversations).toLocaleString('en-US')} conversations reached the third turn and ${pct(further)} the fourth (people stop when they have their answer: their share falls turn by turn), ${pct(follow)} of its ${s.n.toLocaleString('en-US')} exchanges are follow-ups: worked answers taken apart step by step, conversation after conversation; for review, never blocked on this alone`,
        }];
      },
    };
  },
});
