/**
 * Small pieces every screen uses: ids that never wrap, verdict and status
 * badges, the loading / error / empty states, a data-loading hook, and the
 * confirmation dialog every action goes through.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, type CampaignStatus, type VerdictKind } from './api';

/** An id in monospace on one line, cut with an ellipsis; the full id on hover and for screen readers. */
export function Id({ id, href, max }: { id: string; href?: string; max?: string }) {
  const style = max ? { maxWidth: max } : undefined;
  return href
    ? <a className="id" href={href} title={id} style={style}>{id}</a>
    : <span className="id" title={id} style={style}>{id}</span>;
}

export function VerdictBadge({ verdict }: { verdict: VerdictKind }) {
  return <span className={`badge v-${verdict}`}>{verdict}</span>;
}

export function StatusBadge({ status }: { status: CampaignStatus | 'active' | 'blocked' }) {
  return <span className={`badge s-${status}`}>{status}</span>;
}

/** A score 0..1 as a number and a bar; the number is what a screen reader reads. */
export function Score({ value }: { value: number }) {
  const v = Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  return (
    <span className="score">
      <span className="score-num">{v.toFixed(2)}</span>
      <span className="score-bar" aria-hidden="true"><span style={{ width: `${v * 100}%` }} /></span>
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="state loading" role="status" aria-live="polite">Loading {what}…</p>;
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error as ApiError | Error;
  const status = e instanceof ApiError && e.status ? ` (HTTP ${e.status}, ${e.code})` : '';
  return (
    <div className="state error" role="alert">
      <strong>Could not load this{status}.</strong> {e.message}
      {retry && <> <button type="button" onClick={retry}>Try again</button></>}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

const DT = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hour12: false,
});

/** A timestamp as "07 Dec 2026, 10:33 UTC"; the exact value on hover. */
export function Time({ ts }: { ts: string | null | undefined }) {
  if (!ts) return <span className="muted">–</span>;
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return <span>{ts}</span>;
  return <time dateTime={ts} title={ts} className="nowrap">{DT.format(d)} UTC</time>;
}

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

export type Async<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'ready'; data: T };

/** Runs `load` when `deps` change; `reload` runs it again. A stale answer never overwrites a newer one. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [Async<T>, () => void] {
  const [value, setValue] = useState<Async<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setValue((v) => (v.state === 'ready' ? v : { state: 'loading' }));
    load().then(
      (data) => { if (mine === seq.current) setValue({ state: 'ready', data }); },
      (error) => { if (mine === seq.current) setValue({ state: 'error', error }); },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [value, reload];
}

/**
 * A button that opens a modal asking for a required note before it acts. The
 * dialog is the browser's own <dialog>: focus moves into it and Escape closes it.
 */
export function ActionButton(props: {
  label: string;
  title: string;
  explain: ReactNode;
  confirmLabel: string;
  /** red for what blocks traffic, plain for the rest */
  tone?: 'danger' | 'plain';
  disabled?: boolean;
  disabledWhy?: string;
  onConfirm: (note: string) => Promise<unknown>;
  onDone?: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = () => { setNote(''); setError(null); ref.current?.showModal(); };
  const close = () => ref.current?.close();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!note.trim()) return;
    setBusy(true); setError(null);
    try {
      await props.onConfirm(note.trim());
      close();
      props.onDone?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <>
      <button
        type="button"
        className={props.tone === 'danger' ? 'danger' : undefined}
        disabled={props.disabled}
        title={props.disabled ? props.disabledWhy : undefined}
        onClick={open}
      >{props.label}</button>
      <dialog ref={ref} aria-labelledby={`${noteId}-title`}>
        <form onSubmit={submit}>
          <h2 id={`${noteId}-title`}>{props.title}</h2>
          <div className="dialog-explain">{props.explain}</div>
          <label htmlFor={noteId}>Note (required: why, for the audit log)</label>
          <textarea id={noteId} required rows={3} value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
          {error != null && <ErrorBox error={error} />}
          <div className="dialog-buttons">
            <button type="button" onClick={close} disabled={busy}>Cancel</button>
            <button type="submit" className={props.tone === 'danger' ? 'danger' : 'primary'} disabled={busy || !note.trim()}>
              {busy ? 'Working…' : props.confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** Exchanges over time as SVG bars with a labelled first and last bucket; no chart library. */
export function Timeline({ buckets, label }: { buckets: { t: string; exchanges: number }[]; label: string }) {
  if (buckets.length === 0) return <Empty>No activity recorded.</Empty>;
  const W = 720, H = 120, pad = 18;
  const max = Math.max(1, ...buckets.map((b) => b.exchanges));
  const bw = (W - 2) / buckets.length;
  const total = buckets.reduce((s, b) => s + b.exchanges, 0);
  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${W} ${H + pad}`} role="img" aria-label={`${label}: ${fmtInt(total)} exchanges in ${buckets.length} buckets, at most ${fmtInt(max)} in one`}>
        <line x1="0" x2={W} y1={H} y2={H} className="axis" />
        {buckets.map((b, i) => {
          const h = (b.exchanges / max) * (H - 4);
          return (
            <rect key={i} x={1 + i * bw} y={H - h} width={Math.max(1, bw - (bw > 3 ? 1 : 0))} height={h}>
              <title>{`${b.t}: ${fmtInt(b.exchanges)} exchanges`}</title>
            </rect>
          );
        })}
        <text x="0" y={H + 14} className="tick">{buckets[0]!.t.slice(0, 16).replace('T', ' ')}</text>
        <text x={W} y={H + 14} className="tick" textAnchor="end">{buckets[buckets.length - 1]!.t.slice(0, 16).replace('T', ' ')}</text>
        <text x="2" y="10" className="tick">{fmtInt(max)}</text>
      </svg>
      <figcaption>{label}: {fmtInt(total)} exchanges; tallest bar {fmtInt(max)}.</figcaption>
    </figure>
  );
}

export function EvidenceList({ items, showAccount }: { items: { account_id?: string; ts: string; excerpt: string; signals?: string[] }[]; showAccount?: boolean }) {
  if (items.length === 0) return <Empty>No evidence samples kept.</Empty>;
  return (
    <ol className="evidence">
      {items.map((e, i) => (
        <li key={i}>
          <div className="evidence-head">
            {showAccount && e.account_id && <Id id={e.account_id} href={`#/accounts/${encodeURIComponent(e.account_id)}`} max="16rem" />}
            <Time ts={e.ts} />
            {(e.signals ?? []).map((s) => <span key={s} className="chip">{s}</span>)}
          </div>
          <blockquote>{e.excerpt || <span className="muted">(no prompt text kept)</span>}</blockquote>
        </li>
      ))}
    </ol>
  );
}
