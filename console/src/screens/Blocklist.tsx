/** The block list the gateway enforces: which accounts, since when, on whose word. */
import type { Session } from '../App';
import { Empty, ErrorBox, fmtInt, Id, Loading, Time, useAsync } from '../ui';

export function BlocklistScreen({ session }: { session: Session }) {
  const [res, reload] = useAsync(() => session.api.blocklist(), []);
  return (
    <section aria-labelledby="blocklist-title">
      <h1 id="blocklist-title">Block list</h1>
      <p className="muted">Accounts the gateway refuses: those of confirmed campaigns and those blocked by hand.</p>
      {res.state === 'loading' && <Loading what="the block list" />}
      {res.state === 'error' && <ErrorBox error={res.error} retry={reload} />}
      {res.state === 'ready' && res.data.length === 0 && <Empty>No account is blocked.</Empty>}
      {res.state === 'ready' && res.data.length > 0 && (
        <>
          <p>{fmtInt(res.data.length)} accounts.</p>
          <div className="table-wrap">
            <table data-testid="blocklist">
              <thead><tr><th scope="col">Account</th><th scope="col">Campaign</th><th scope="col">Since</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
              <tbody>
                {res.data.map((b) => (
                  <tr key={b.account_id}>
                    <td><Id id={b.account_id} href={`#/accounts/${encodeURIComponent(b.account_id)}`} max="18rem" /></td>
                    <td>{b.campaign_id ? <Id id={b.campaign_id} href={`#/campaigns/${encodeURIComponent(b.campaign_id)}`} max="14rem" /> : <span className="muted">–</span>}</td>
                    <td><Time ts={b.at} /></td>
                    <td>{b.actor ?? <span className="muted">–</span>}</td>
                    <td className="note">{b.note ?? b.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
