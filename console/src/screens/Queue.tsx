/**
 * The campaign queue: what the engine found, highest score first, filtered by
 * status and minimum score on the service, paged by its cursor. Sorting a
 * column sorts the page on screen; the service keeps its score order across pages.
 */
import { useEffect, useMemo, useState } from 'react';
import { sizeOf, type Campaign } from '../api';
import type { Session } from '../App';
import { Empty, ErrorBox, fmtInt, Id, Loading, Score, StatusBadge, Time, useAsync } from '../ui';

const PAGE = 50;

type SortKey = 'score' | 'size' | 'exchanges' | 'first_seen' | 'status';
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'score', label: 'Score', numeric: true },
  { key: 'size', label: 'Accounts', numeric: true },
  { key: 'exchanges', label: 'Exchanges', numeric: true },
  { key: 'first_seen', label: 'First seen' },
  { key: 'status', label: 'Status' },
];

function sortValue(c: Campaign, k: SortKey): number | string {
  switch (k) {
    case 'score': return c.score;
    case 'size': return sizeOf(c);
    case 'exchanges': return c.exchanges;
    case 'first_seen': return c.first_seen ?? '';
    case 'status': return c.status;
  }
}

export function Queue({ session }: { session: Session }) {
  // The campaign page's code (sigma and graphology) is fetched while the analyst reads the queue.
  useEffect(() => {
    const h = window.setTimeout(() => { void import('./Campaign'); }, 300);
    return () => clearTimeout(h);
  }, []);
  const [status, setStatus] = useState('open');
  const [minScore, setMinScore] = useState(0);
  // cursors of the pages before this one, so "Previous" can go back
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'score', desc: true });

  const [res, reload] = useAsync(
    () => session.api.campaigns({ status: status || undefined, min_score: minScore, limit: PAGE, cursor }),
    [status, minScore, cursor],
  );

  const rows = useMemo(() => {
    if (res.state !== 'ready') return [];
    const list = [...res.data.campaigns];
    list.sort((a, b) => {
      const x = sortValue(a, sort.key), y = sortValue(b, sort.key);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -c : c;
    });
    return list;
  }, [res, sort]);

  const filter = (f: () => void) => { f(); setCursors([null]); };

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Campaigns</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Status{' '}
          <select value={status} onChange={(e) => filter(() => setStatus(e.target.value))}>
            <option value="open">open</option>
            <option value="confirmed">confirmed</option>
            <option value="dismissed">dismissed</option>
            <option value="">any</option>
          </select>
        </label>
        <label>Minimum score{' '}
          <input type="number" min={0} max={1} step={0.05} value={minScore}
            onChange={(e) => filter(() => setMinScore(Math.max(0, Math.min(1, Number(e.target.value) || 0))))} />
        </label>
        <button type="button" onClick={reload}>Refresh</button>
      </form>

      {res.state === 'loading' && <Loading what="campaigns" />}
      {res.state === 'error' && <ErrorBox error={res.error} retry={reload} />}
      {res.state === 'ready' && rows.length === 0 && (
        <Empty>No {status || ''} campaigns{minScore > 0 ? ` scoring ${minScore} or more` : ''}. {status === 'open' ? 'New ones appear here as the engine finds them.' : ''}</Empty>
      )}
      {res.state === 'ready' && rows.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="queue">
              <caption className="sr-only">Campaigns, sorted by {sort.key} {sort.desc ? 'descending' : 'ascending'}</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  {COLUMNS.map((c) => (
                    <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}
                      aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                      <button type="button" className="sort" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric !== false && c.key !== 'first_seen' && c.key !== 'status' }))}>
                        {c.label}<span aria-hidden="true">{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
                      </button>
                    </th>
                  ))}
                  <th scope="col">Signals</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.campaign_id}>
                    <td><Id id={c.campaign_id} href={`#/campaigns/${encodeURIComponent(c.campaign_id)}`} max="14rem" /></td>
                    <td className="num"><Score value={c.score} /></td>
                    <td className="num">{fmtInt(sizeOf(c))}</td>
                    <td className="num">{fmtInt(c.exchanges)}</td>
                    <td><Time ts={c.first_seen} /></td>
                    <td><StatusBadge status={c.status} /></td>
                    <td className="signals">{(c.signals ?? []).slice(0, 4).map((s) => <span key={s} className="chip">{s}</span>)}
                      {(c.signals ?? []).length > 4 && <span className="muted"> +{c.signals.length - 4}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>← Previous</button>
            <span>Page {cursors.length}</span>
            <button type="button" disabled={!res.data.next_cursor} onClick={() => setCursors((c) => [...c, res.data.next_cursor ?? null])}>Next →</button>
          </nav>
        </>
      )}
    </section>
  );
}
