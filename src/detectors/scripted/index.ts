import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { AccountState } from '../../state/account.js';
import { pct } from '../content/index.js';

/**
 * Scripted dialogues: self-chat harvesting, the way UltraChat-style dialogue
 * data is made. A user simulator opens each conversation with a new
 * instruction and drives it on with follow-ups from a short stock list ("Go
 * on.", "Give me a concrete example."), so every turn buys another long
 * answer. No prompt carries extraction wording, so the content detector sees
 * nothing; what the simulator cannot hide is that its follow-ups do not react
 * to the answers: after a few conversations nearly every follow-up is a text
 * the account has sent before, up to noise (src/state/followups.ts).
 *
 * Fires only on the conjunction: most of the traffic is follow-ups, at least
 * `minStock` of them (after the first few) repeat the account's own earlier
 * texts, from a client library, around the clock (no quiet night: `maxQuietHours`),
 * over many topics, with full answers (when the log has usage), and without
 * one fixed system prompt (a chat product whose users press a suggested
 * "Tell me more" button sends stock follow-ups too, under its one system
 * prompt). Its score alone reaches review, never block: blocking needs the
 * campaign evidence of the linkage.
 *
 * In red-team and simulated worlds: 110 of 120 self-chat accounts meet it by
 * the end of the log, and none of the benign accounts of 32 worlds. Simulated
 * chat users draw follow-ups from stock lists too: most repeat 10–65% of
 * theirs, but a developer whose every follow-up comes from a list of six
 * repeats them all, so the clock does the separating there: people sleep.
 *
 * Nor when the follow-ups follow the answers (src/state/pacing.ts): the
 * pause before each grows with the answer's length, as a reader's does. An
 * app with quick-reply buttons ("another one like this") repeats a few stock
 * texts as a simulator does, for many students around the clock, sometimes
 * under a system prompt that names the student; who presses them is a person.
 * A verified app account or a product system prompt buys nothing here: a
 * harvest dressed as an app that walks a script at machine pace still fires.
 *
 * Evaded by: a simulator that sleeps in proportion to each answer's length
 * before its next stock turn (src/state/pacing.ts says what that costs it);
 * a simulator that writes each follow-up afresh (an LLM playing the
 * user, a second model call per turn), by a third or more of unscripted turns,
 * by human hours from a browser User-Agent, or by one fixed system prompt on
 * the account (then linkage through the shared prompt must catch the fleet).
 * Falsely flags: an automated tester replaying a fixed script of follow-ups
 * around the clock over many topics (review, not block).
 */
export const scripted = defineDetector({
  id: 'conversation.scripted',
  summary: 'Conversations driven by a stock list of follow-ups (a user simulator), by machine, around the clock.',
  evadedBy: 'follow-ups written afresh per turn (an LLM playing the user); a third of unscripted turns; human hours from a browser; one fixed system prompt; pauses made to grow with each answer\'s length',
  falselyFlags: 'an automated tester replaying a fixed follow-up script around the clock (review only, never block alone); a quick-reply app in a log without latency_ms (its readers\' pauses cannot be told from a machine\'s)',
  weight: 0.7,
  config: z.object({
    minExchanges: z.number().int().positive().default(30),
    /** follow-ups counted after the warm-up before the stock share is trusted */
    minCountedFollowUps: z.number().int().positive().default(16),
    minFollowUpShare: z.number().min(0).max(1).default(0.5),
    minStock: z.number().min(0).max(1).default(0.85),
    minClientLib: z.number().min(0).max(1).default(0.8),
    /**
     * longest run of hours of the day the account was never active in: people
     * sleep (simulated ones too, 7+ hours), a simulator running around the
     * clock leaves at most 5. Hour entropy did not separate them: people
     * active evenly from 8:00 to 23:00 reach 0.85, as much as a machine.
     */
    maxQuietHours: z.number().int().min(0).max(24).default(5),
    minTopics: z.number().int().min(1).default(6),
    /** mean output tokens below which there is little to distil (not asked when the log has no usage) */
    minAnswerTokens: z.number().min(0).default(300),
  }),
  create(cfg) {
    return {
      evaluate(s: AccountState): Signal[] {
        if (s.n < cfg.minExchanges || s.laterFollowUps() < cfg.minCountedFollowUps) return [];
        const follow = s.followUpShare();
        const stock = s.stockFollowUpShare();
        if (follow < cfg.minFollowUpShare || stock < cfg.minStock) return [];
        if (s.clientLibShare() < cfg.minClientLib || s.quietHours() > cfg.maxQuietHours) return [];
        if (s.distinctTopics() < cfg.minTopics || s.systemShare() >= 0.9 || s.followsAnswers()) return [];
        const answer = s.answerLength();
        if (answer < cfg.minAnswerTokens) return [];
        const score = 0.62 + 0.08 * Math.min(1, (stock - cfg.minStock) / (1 - cfg.minStock + 1e-9));
        const len = Number.isNaN(answer) ? '' : `, answers average ${Math.round(answer)} tokens`;
        return [{
          signal: 'conversation.scripted',
          score,
          detail: `${pct(follow)} of ${s.n} exchanges are follow-up turns and ${pct(stock)} of those repeat a text the account already sent (a stock list, not reactions to the answers); ${pct(s.clientLibShare())} from client libraries, active around the clock (no ${cfg.maxQuietHours + 1}-hour quiet spell in the day)${len}`,
        }];
      },
    };
  },
});
