/**
 * One account: its verdict and the reasons behind it (strongest first), what
 * it sent, when, the analysts' notes, and block / unblock.
 */
import { useState, type FormEvent } from 'react';
import { canAct, type AccountPage } from '../api';
import type { Session } from '../App';
import {
  ActionButton, Empty, ErrorBox, EvidenceList, Id, Loading, Score, StatusBadge, Time, Timeline, useAsync, VerdictBadge,
} from '../ui';

export function AccountScreen({ session, id }: { session: Session; id: string }) {
  const [res, reload] = useAsync(() => session.api.account(id), [id]);
  if (res.state === 'loading') return <Loading what="the account" />;
  if (res.state === 'error') return <><p className="crumbs"><a href="#/">← Campaigns</a></p><ErrorBox error={res.error} retry={reload} /></>;
  return <AccountView session={session} id={id} page={res.data} reload={reload} />;
}

function AccountView({ session, id, page, reload }: { session: Session; id: string; page: AccountPage; reload: () => void }) {
  const v = page;
  const may = canAct(session.me.role);
  const blocked = page.status === 'blocked';
  const reasons = [...(v.reasons ?? [])].sort((a, b) => b.weight - a.weight);
  const maxW = Math.max(1e-9, ...reasons.map((r) => Math.abs(r.weight)));

  return (
    <article aria-labelledby="account-title">
      <p className="crumbs">
        <a href="#/">← Campaigns</a>
        {v.campaign_id && <> / <a href={`#/campaigns/${encodeURIComponent(v.campaign_id)}`} title={v.campaign_id}>campaign <span className="id" style={{ maxWidth: '14rem' }}>{v.campaign_id}</span></a></>}
      </p>
      <header className="page-head">
        <h1 id="account-title">Account <Id id={v.account_id ?? id} max="28rem" /></h1>
        <div className="actions" data-testid="account-actions">
          <StatusBadge status={page.status} />
          {blocked
            ? <ActionButton label="Unblock" title="Unblock this account" confirmLabel="Unblock"
                explain={<p>The gateway serves this account again from now on. Your note is written to the audit log.</p>}
                disabled={!may} disabledWhy="Needs the analyst role"
                onConfirm={(note) => session.api.setBlocked(id, false, note)} onDone={reload} />
            : <ActionButton label="Block" title="Block this account" confirmLabel="Block" tone="danger"
                explain={<p>The account goes on the block list and the gateway refuses it from now on. Your note is written to the audit log.</p>}
                disabled={!may} disabledWhy="Needs the analyst role"
                onConfirm={(note) => session.api.setBlocked(id, true, note)} onDone={reload} />}
        </div>
      </header>

      <dl className="facts">
        <div><dt>Verdict</dt><dd><VerdictBadge verdict={v.verdict} /></dd></div>
        <div><dt>Score</dt><dd><Score value={v.score} /></dd></div>
        <div><dt>Flagged at</dt><dd><Time ts={v.flagged_at} /></dd></div>
        <div><dt>Campaign</dt><dd>{v.campaign_id ? <Id id={v.campaign_id} href={`#/campaigns/${encodeURIComponent(v.campaign_id)}`} max="14rem" /> : <span className="muted">none</span>}</dd></div>
      </dl>

      <div className="two-col">
        <section aria-labelledby="reasons-title" className="panel">
          <h2 id="reasons-title">Why, strongest first</h2>
          {reasons.length === 0 ? <Empty>No reasons: nothing in this account's traffic raised its score.</Empty> : (
            <ol className="reasons">
              {reasons.map((r, i) => (
                <li key={i}>
                  <div className="reason-head">
                    <span className="chip">{r.signal}</span>
                    <span className="weight" title={`weight ${r.weight}`}>
                      <span className="score-bar" aria-hidden="true"><span style={{ width: `${(Math.abs(r.weight) / maxW) * 100}%` }} /></span>
                      {r.weight.toFixed(2)}
                    </span>
                  </div>
                  <p>{r.detail}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="activity-title" className="panel">
          <h2 id="activity-title">Activity</h2>
          <Timeline buckets={page.activity ?? []} label="Exchanges of this account" />
          <h2>Notes</h2>
          <Annotations session={session} id={id} notes={page.annotations ?? []} reload={reload} />
        </section>
      </div>

      <section aria-labelledby="evidence-title" className="panel section-gap">
        <h2 id="evidence-title">Evidence</h2>
        <EvidenceList items={page.evidence ?? []} />
      </section>
    </article>
  );
}

function Annotations({ session, id, notes, reload }: { session: Session; id: string; notes: AccountPage['annotations']; reload: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const may = canAct(session.me.role);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!text.trim()) return;
    setBusy(true); setError(null);
    try { await session.api.annotate(`account:${id}`, text.trim()); setText(''); reload(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <>
      {notes.length === 0 ? <Empty>No notes yet.</Empty> : (
        <ul className="notes">
          {notes.map((n, i) => <li key={i}><div className="muted"><Time ts={n.at} /> · {n.actor}</div><p>{n.note}</p></li>)}
        </ul>
      )}
      <form className="note-form" onSubmit={submit}>
        <label htmlFor="new-note">Add a note</label>
        <textarea id="new-note" rows={2} value={text} onChange={(e) => setText(e.target.value)} disabled={!may}
          placeholder={may ? '' : 'Needs the analyst role'} />
        {error != null && <ErrorBox error={error} />}
        <button type="submit" disabled={!may || busy || !text.trim()}>Add note</button>
      </form>
    </>
  );
}
