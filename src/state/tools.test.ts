import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { loadCorpus, withoutCorpora } from '../features/corpora.js';
import { extractFeatures } from '../features/index.js';
import { AccountState } from './account.js';

const skip = withoutCorpora('tool-use items come from the public corpora');
const T0 = Date.UTC(2026, 10, 2);

function account(id: string, requests: { content: string; tools: string[] }[]): AccountState {
  const s = new AccountState(id);
  requests.forEach((r, i) => {
    const ex: Exchange = {
      id: `${id}-${i}`, ts: new Date(T0 + i * 90_000).toISOString(), tsMs: T0 + i * 90_000, account_id: id,
      request: { messages: [{ role: 'user', content: r.content }, { role: 'assistant', content: '' }, { role: 'tool', content: '{"ok":true}' }], tools: r.tools },
      response: { text: 'Done.', stop_reason: 'end_turn', tool_calls: 1 },
    };
    s.update(ex, extractFeatures(ex));
  });
  return s;
}

test('tool-use traces count as harvest for accounts that offer many toolsets, and as use for a product that offers one', { skip }, () => {
  const items = loadCorpus('tool-use-agentic', 2000).filter((x) => Array.isArray(x.meta?.tools) && (x.meta!.tools as unknown[]).length > 0);
  const work = [...loadCorpus('oasst-prompts', 400), ...loadCorpus('alpaca-eval', 400)];
  assert.ok(items.length >= 800 && work.length >= 400);
  const SUITE = ['search_docs', 'create_ticket', 'calendar_lookup', 'send_email'];
  const harvesters = Array.from({ length: 20 }, (_, a) => account(`h${a}`, Array.from({ length: 40 }, (_, i) => {
    const x = items[(a * 40 + i) % items.length]!;
    return { content: x.prompt, tools: x.meta!.tools as string[] };
  })));
  const seats = Array.from({ length: 20 }, (_, a) => account(`s${a}`, Array.from({ length: 40 }, (_, i) => ({ content: work[(a * 40 + i) % work.length]!.prompt, tools: SUITE }))));
  // what the rule removes: offered tools with a tool turn read as tool-use harvest
  assert.ok(seats.every((s) => s.harvest / s.n >= 0.9), `seats' raw harvest ${seats.map((s) => s.harvest / s.n).join(' ')}`);
  assert.ok(seats.every((s) => s.productTools() && s.harvestShare() <= 0.2), `seats' harvest share ${seats.map((s) => s.harvestShare().toFixed(2)).join(' ')}`);
  assert.ok(harvesters.every((s) => !s.productTools() && s.harvestShare() >= 0.8), `harvesters' harvest share ${harvesters.map((s) => s.harvestShare().toFixed(2)).join(' ')}`);
});

test('a product is presumed while it has offered one toolset only, judged by its share from the tenth tool request, and keeps it through a change of toolset', () => {
  const s = account('p', Array.from({ length: 9 }, () => ({ content: 'Book me a table for two tonight and put it in my calendar.', tools: ['book_table', 'calendar_add'] })));
  assert.equal(s.productTools(), true);
  // a second toolset before the tenth request is no product's
  const v = account('v', Array.from({ length: 9 }, (_, i) => ({ content: 'Book me a table for two tonight and put it in my calendar.', tools: i === 4 ? ['web_search'] : ['book_table', 'calendar_add'] })));
  assert.equal(v.productTools(), false);
  // no tools offered: nothing to presume
  assert.equal(account('w', [{ content: 'Book me a table for two tonight.', tools: [] }]).productTools(), false);
  // the same set in another order is the same toolset
  const t = account('q', Array.from({ length: 30 }, (_, i) => ({ content: 'Book me a table for two tonight and put it in my calendar.', tools: i % 2 ? ['book_table', 'calendar_add'] : ['calendar_add', 'book_table'] })));
  assert.equal(t.productTools(), true);
  // one toolset in 80% of the requests is not a product's
  const u = account('r', Array.from({ length: 30 }, (_, i) => ({ content: 'Book me a table for two tonight and put it in my calendar.', tools: i % 5 ? ['book_table'] : [`tool_${i}`] })));
  assert.equal(u.productTools(), false);
});
