/**
 * One campaign: what it is, its accounts as a graph, its exchanges over time,
 * evidence samples, the accounts table, and the decision.
 */
import { useMemo, useState } from 'react';
import { canAct, sizeOf, type CampaignPage } from '../api';
import type { Session } from '../App';
import { AccountGraph } from '../graph/AccountGraph';
import {
  ActionButton, Empty, ErrorBox, EvidenceList, fmtInt, Id, Loading, Score, StatusBadge, Time, Timeline, useAsync, VerdictBadge,
} from '../ui';

const ACCOUNTS_SHOWN = 100;
/** about the graph's height; the rest one click away */
const EVIDENCE_SHOWN = 5;

export function CampaignScreen({ session, id }: { session: Session; id: string }) {
  const [res, reload] = useAsync(() => session.api.campaign(id), [id]);
  if (res.state === 'loading') return <Loading what="the campaign" />;
  if (res.state === 'error') return <><BackLink /><ErrorBox error={res.error} retry={reload} /></>;
  return <CampaignView session={session} page={res.data} reload={reload} />;
}

function BackLink() {
  return <p className="crumbs"><a href="#/">← Campaigns</a></p>;
}

function CampaignView({ session, page, reload }: { session: Session; page: CampaignPage; reload: () => void }) {
  const c = page;
  const may = canAct(session.me.role);
  const [showAll, setShowAll] = useState(false);
  const [showAllEvidence, setShowAllEvidence] = useState(false);
  const accounts = useMemo(() => [...page.members].sort((a, b) => b.score - a.score), [page.members]);
  const shown = showAll ? accounts : accounts.slice(0, ACCOUNTS_SHOWN);
  const decided = c.status !== 'open';

  return (
    <article aria-labelledby="campaign-title">
      <BackLink />
      <header className="page-head">
        <div>
          <h1 id="campaign-title">Campaign <Id id={c.campaign_id} max="28rem" /></h1>
          <p className="summary">{c.summary}</p>
        </div>
        <div className="actions" data-testid="campaign-actions">
          <StatusBadge status={c.status} />
          <ActionButton
            label="Confirm" title="Confirm this campaign" confirmLabel="Confirm and block"
            explain={<p>Its {fmtInt(sizeOf(c))} accounts go on the block list and the gateway refuses them from now on. The decision and your note are written to the audit log.</p>}
            disabled={!may || c.status === 'confirmed'}
            disabledWhy={!may ? 'Needs the analyst role' : 'Already confirmed'}
            onConfirm={(note) => session.api.decide(c.campaign_id, 'confirm', note)} onDone={reload} tone="danger"
          />
          <ActionButton
            label="Dismiss" title="Dismiss this campaign" confirmLabel="Dismiss"
            explain={<p>The campaign leaves the open queue; its accounts are not blocked. The decision and your note are written to the audit log.</p>}
            disabled={!may || c.status === 'dismissed'}
            disabledWhy={!may ? 'Needs the analyst role' : 'Already dismissed'}
            onConfirm={(note) => session.api.decide(c.campaign_id, 'dismiss', note)} onDone={reload}
          />
        </div>
      </header>
      {decided && (
        <p className="banner" role="status">
          This campaign is {c.status}
          {c.decision ? <> by {c.decision.actor}, <Time ts={c.decision.at} />: “{c.decision.note}”</> : null}.
          {' '}The <a href="#/audit">audit log</a> keeps every decision.
        </p>
      )}

      <dl className="facts">
        <div><dt>Score</dt><dd><Score value={c.score} /></dd></div>
        <div><dt>Accounts</dt><dd>{fmtInt(sizeOf(c))}</dd></div>
        <div><dt>Exchanges</dt><dd>{fmtInt(c.exchanges)}</dd></div>
        <div><dt>First seen</dt><dd><Time ts={c.first_seen} /></dd></div>
        <div><dt>Last seen</dt><dd><Time ts={c.last_seen} /></dd></div>
        <div><dt>Signals</dt><dd>{(c.signals ?? []).map((s) => <span key={s} className="chip">{s}</span>)}</dd></div>
      </dl>

      <div className="two-col">
        <section aria-labelledby="graph-title" className="panel">
          <h2 id="graph-title">How the accounts are linked</h2>
          <AccountGraph nodes={page.graph?.nodes ?? []} edges={page.graph?.edges ?? []} />
        </section>
        <section aria-labelledby="timeline-title" className="panel">
          <h2 id="timeline-title">Activity</h2>
          <Timeline buckets={page.timeline ?? []} label="Exchanges of the campaign's accounts" />
          <h2 id="evidence-title">Evidence samples</h2>
          <div data-testid="evidence"><EvidenceList items={(page.evidence ?? []).slice(0, showAllEvidence ? undefined : EVIDENCE_SHOWN)} showAccount /></div>
          {(page.evidence ?? []).length > EVIDENCE_SHOWN && (
            <button type="button" onClick={() => setShowAllEvidence((s) => !s)}>
              {showAllEvidence ? `Show the first ${EVIDENCE_SHOWN}` : `Show all ${fmtInt(page.evidence.length)} samples`}
            </button>
          )}
        </section>
      </div>

      <section aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts <span className="muted">({fmtInt(accounts.length)})</span></h2>
        {accounts.length === 0 ? <Empty>The service returned no account verdicts for this campaign.</Empty> : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Account</th><th scope="col">Verdict</th><th scope="col" className="num">Score</th><th scope="col">Flagged at</th><th scope="col">Strongest reason</th></tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr key={a.account_id}>
                    <td><Id id={a.account_id} href={`#/accounts/${encodeURIComponent(a.account_id)}`} max="16rem" /></td>
                    <td><VerdictBadge verdict={a.verdict} /></td>
                    <td className="num"><Score value={a.score} /></td>
                    <td><Time ts={a.flagged_at} /></td>
                    <td className="reason">{a.reasons?.[0] ? <><span className="chip">{a.reasons[0].signal}</span> {a.reasons[0].detail}</> : <span className="muted">–</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {accounts.length > ACCOUNTS_SHOWN && (
          <button type="button" onClick={() => setShowAll((s) => !s)}>
            {showAll ? `Show the first ${ACCOUNTS_SHOWN}` : `Show all ${fmtInt(accounts.length)} accounts`}
          </button>
        )}
      </section>
    </article>
  );
}
