/** The audit log: every action, newest first, with who, why, and what it changed. */
import type { AuditEntry } from '../api';
import type { Session } from '../App';
import { Empty, ErrorBox, Id, Loading, Time, useAsync } from '../ui';

function hrefOf(target: string): string | undefined {
  // targets are written "campaign:ID" / "account:ID" or as a bare id
  const m = /^(campaign|account)s?[:/](.+)$/.exec(target);
  if (!m) return undefined;
  return `#/${m[1]}s/${encodeURIComponent(m[2]!)}`;
}

function brief(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

export function AuditScreen({ session }: { session: Session }) {
  const [res, reload] = useAsync(() => session.api.audit({ limit: 500 }), []);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="muted">Append-only: every decision, block, unblock and note, with who made it and why.</p>
      {res.state === 'loading' && <Loading what="the audit log" />}
      {res.state === 'error' && <ErrorBox error={res.error} retry={reload} />}
      {res.state === 'ready' && res.data.entries.length === 0 && <Empty>No actions yet.</Empty>}
      {res.state === 'ready' && res.data.entries.length > 0 && (
        <div className="table-wrap">
          <table data-testid="audit">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Note</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {[...res.data.entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((e: AuditEntry, i) => (
                <tr key={i}>
                  <td><Time ts={e.at} /></td>
                  <td>{e.actor}</td>
                  <td><span className="chip">{e.action}</span></td>
                  <td><Id id={e.target} href={hrefOf(e.target)} max="16rem" /></td>
                  <td className="note">{e.note}</td>
                  <td className="change">
                    {(e.before !== undefined || e.after !== undefined) && (
                      <span title={`before: ${JSON.stringify(e.before)}\nafter: ${JSON.stringify(e.after)}`}>
                        {brief(e.before) || '–'} → {brief(e.after) || '–'}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
