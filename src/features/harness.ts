/**
 * Whether a request has the form a public evaluation harness gives its
 * prompts: the researcher running a benchmark, whom the brief names among the
 * customers to leave alone. An evaluation asks for the same things a
 * harvester does (written-out reasoning on benchmark items, at volume, at
 * temperature 0), so content cannot tell them apart; the form can. A harness
 * is code: it sends the same bytes around every item, and the widely used
 * ones are public. Recognised here:
 *
 * - few-shot worked exemplars in one turn (two or more question markers,
 *   `Q:` / `Question:` / `Problem:`, each answered, `A:` / `Answer:`), the
 *   layout of lm-evaluation-harness's few-shot tasks and of the GSM8K and
 *   BBH chain-of-thought prompts (Wei et al. 2022; Suzgun et al. 2022);
 * - a turn that ends on the answer line "A: Let's think step by step." (the
 *   completion-style ending of those tasks and of zero-shot chain of
 *   thought, Kojima et al. 2022). A bare open "A:" or "Answer:" is not
 *   enough: many dataset items end on one, and harvesters send them as
 *   they are;
 * - MMLU's header "The following are multiple choice questions (with
 *   answers) about" (Hendrycks et al. 2021);
 * - OpenAI simple-evals' "The last line of your response should be of the
 *   form";
 * - the Qwen / DeepSeek math evaluations' "Please reason step by step, and
 *   put your final answer within \boxed{}" (user turn or system prompt).
 *
 * Not recognised on purpose: LLM-as-judge templates (MT-bench and the like).
 * Harvesting a model's grading is a campaign strategy of its own, and those
 * templates are what a judge harvest sends.
 *
 * How it is used: an account whose harvest is mostly harness-shaped counts its
 * content half (src/scoring/score.ts), and the linkage does not key templates,
 * system prompts or the harvest focus (intent on a topic) of harness-shaped
 * requests (thousands of unrelated evaluators send them). Evaded by a
 * harvester that dresses its items in one of these exact forms: it loses
 * per-account weight, template and focus ties, and must still be caught
 * through infrastructure, identity and timing. Falsely
 * marks a user who pastes a few-shot prompt by hand (harmless: it only lowers
 * weight).
 */

/**
 * Mean answer length (output tokens) of an account's harness-form harvest at
 * or above which it is not read as a benchmark run (AccountState.evalShaped).
 * An evaluation scores an answer: a letter, a number after "The answer is",
 * a function; harnesses cap generation accordingly, and the evaluators of
 * every world we measured (our simulator's and two outside generators', v2 and v3) average
 * 3–540 tokens. A harvest keeps the answer, so it lets it run: harness-dressed
 * harvests there average 1,145–2,020. 800 is half again the longest evaluation
 * mean. Evaded by a harvest that keeps its answers short (it then collects
 * little reasoning); falsely withdraws the discount from an evaluation of a
 * model that writes long reasoning in its answer (it is then judged as any
 * account: persistence, volume and the linkage decide, and a day or two of
 * runs stays under the line).
 */
export const EVAL_ANSWER_TOKENS = 800;

/** How much of a turn is read: harness text sits at the start and the end. */
const HEAD = 6000;
const TAIL = 200;

const QUESTION = /^(?:Q|Question|Problem)\s*:/;
const ANSWER = /^(?:A|Answer|Solution)\s*:/;
const COT_ANSWER = /\n(?:A|Answer)\s*:\s*Let['’]s think step by step\.?\s*$/;
const MMLU = 'The following are multiple choice questions (with answers)';
const SIMPLE_EVALS = 'The last line of your response should be of the form';
const BOXED = 'put your final answer within \\boxed{}';

/**
 * @example
 *   isEvalHarness('Q: 2+2?\nA: 4\n\nQ: 3+3?\nA:', '') // true
 *   isEvalHarness('Explain step by step: 2+2?', '')  // false
 */
export function isEvalHarness(user: string, system: string): boolean {
  if (system.length > 0 && system.length < 2000 && system.includes(BOXED)) return true;
  if (user.length === 0) return false;
  const head = user.length > HEAD ? user.slice(0, HEAD) : user;
  if (head.startsWith(MMLU) || head.includes(SIMPLE_EVALS) || head.includes(BOXED)) return true;
  const tail = user.length > TAIL ? user.slice(user.length - TAIL) : user;
  if (COT_ANSWER.test(tail)) return true;
  return fewShot(head);
}

const ANY_ANSWER_LINE = /\n(?:A|Answer|Solution)\s*:/;

/** Two or more question lines, at least two of them answered: worked exemplars before the item. */
function fewShot(text: string): boolean {
  // most turns have no answer line at all: one scan rules them out
  if (!ANY_ANSWER_LINE.test(text)) return false;
  let questions = 0;
  let answered = 0;
  let open = false;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    // lines are short markers; a long line cannot start with one that matters
    const line = text.slice(at, Math.min(end, at + 16));
    if (QUESTION.test(line)) {
      questions++;
      open = true;
    } else if (open && ANSWER.test(line)) {
      answered++;
      open = false;
    }
    if (questions >= 3 && answered >= 2) return true;
    at = end + 1;
  }
  return questions >= 2 && answered >= 2;
}
