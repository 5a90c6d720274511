import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadScanConfig } from '../engine/config.js';
import { EngineBuildError } from '../engine/build.js';
import { FAMILIES, optInNames } from '../engine/families.js';
import { GatewayError, startGateway } from '../gateway/server.js';
import { BlocksError, createPolicy, loadPolicyFile, PolicyError, runPolicyTests } from '../policy/index.js';
import { runPolicyCheck } from './policy.js';

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('gateway')
    .description('Serve the OpenAI and Anthropic APIs in front of --upstream, judge every exchange with the streaming engine, and enforce the verdicts.')
    .option('-u, --upstream <url>', 'the model servers to forward to, e.g. http://10.0.0.5:8000 (required unless --check)')
    .option('-l, --listen <host:port>', 'address to listen on', '127.0.0.1:8787')
    .option('-a, --accounts <file>', 'account table (JSON Lines, contract §2); its api_keys resolve Bearer / x-api-key keys to accounts')
    .option('--blocklist <file>', 'follow the block list that distillguard serve writes (its blocklist.json): an analyst\'s block or confirmed campaign is enforced within a second')
    .option('--signatures <file>', 'follow campaign signatures (the signatures.json that distillguard serve keeps current, or one scan wrote): a new account whose first request matches one is decided on it before its first exchange')
    .option('--state <dir>', 'keep state here: the engine\'s snapshot and the exchange journal since (replayed at start), the audit log, manual blocks')
    .option('--snapshot-every <n>', 'with --state: snapshot the engine\'s state every N exchanges (and at shutdown), then drop journal files older than --state-tail', positiveInt, 100_000)
    .option('--state-tail <n>', 'with --state: journal exchanges kept before the latest snapshot, replayed at a restart to rebuild detector state (default: --snapshot-every)', positiveInt)
    .option('--log <dir>', 'write every exchange in contract §1 form (JSON Lines, a new file every hour or --log-max-mb), for scan')
    .option('--log-max-mb <n>', 'start a new log file past this size', positive, 256)
    .option('--replay-clock', 'let the X-Event-Time header set event time (replays of recorded logs only; ignored otherwise)')
    .option('-p, --policy <file>', 'policy file (YAML or JSON, docs/policy.md); its own tests must pass or the gateway does not start (default: the built-in policy)')
    .option('--check <logs...>', 'do not serve: report what the policy would have done on these logs (as `distillguard policy check`)')
    .addOption(new Option('--fail-mode <mode>', 'when the engine fails: let traffic through (open) or refuse it with 429 (closed); default: the policy file\'s fail_mode').choices(['open', 'closed']))
    .option('--admin-token <token>', 'bearer token for /admin/block, /admin/unblock, /admin/verdicts (default: $DISTILLGUARD_ADMIN_TOKEN; without one /admin is off)')
    .option('--max-body-mb <n>', 'largest request body accepted (413 above)', positive, 10)
    .option('--upstream-timeout-s <n>', 'seconds the upstream may take to start answering, or go quiet mid-answer (504 / cut)', positive, 300)
    .option('-c, --config <file>', 'engine configuration, as for scan (docs/operations.md)')
    .option('--sweep-minutes <n>', 'event-time minutes between cross-account sweeps (default 30)', positive)
    .option('--disable <families>', `signal families to turn off (${Object.keys(FAMILIES).join(', ')})`, list)
    .option('--enable <families>', `opt-in families to turn on (${optInNames().join(', ') || 'none at present'})`, list)
    .addHelpText('after', `
Identity: X-Account-Id (from your auth layer), else the account whose api_keys
hold the request's Bearer / x-api-key key; X-Org-Id, X-Api-Key-Id,
X-Forwarded-For. No account: 401 in the API's error shape.

Every answer carries X-Distillguard-Decision: allow | shadow | throttle |
degrade | block [; case=ID]: 403 for block, 429 with Retry-After for
throttle, in the API's own error shape. Without --policy, the built-in policy
(docs/policy.md): a block verdict blocks, review in a campaign is throttled,
review alone degraded.

Also served: POST/GET /v1/check (for nginx auth_request, Envoy ext_authz),
GET /healthz, GET /metrics (Prometheus), POST /admin/block and /admin/unblock
with {"account_id", "note"}. SIGTERM / SIGINT drain requests in flight, then exit.
Prints "listening on http://HOST:PORT" when ready. See docs/gateway.md.

Example:
  distillguard gateway --upstream http://127.0.0.1:8000 --accounts accounts.jsonl --state state/ --log logs/
  distillguard gateway --policy policy.yaml --check logs/ --accounts accounts.jsonl`)
    .action(async (o: { upstream?: string; listen: string; accounts?: string; state?: string; snapshotEvery: number; stateTail?: number; blocklist?: string; signatures?: string; log?: string; logMaxMb: number; replayClock?: boolean; policy?: string; check?: string[]; failMode?: 'open' | 'closed'; adminToken?: string; maxBodyMb: number; upstreamTimeoutS: number; config?: string; sweepMinutes?: number; disable?: string[]; enable?: string[] }) => {
      if (o.check) {
        setExit(await runPolicyCheck(o.check, { policy: o.policy, accounts: o.accounts, config: o.config }, 'gateway --check'));
        return;
      }
      if (!o.upstream) {
        process.stderr.write('distillguard gateway: --upstream URL is required (or --check LOGS)\n');
        setExit(2);
        return;
      }
      let gw;
      try {
        const config = o.config ? await loadScanConfig(o.config) : undefined;
        const policyFile = o.policy ? loadPolicyFile(o.policy) : undefined;
        if (policyFile) {
          const failed = runPolicyTests(createPolicy(policyFile).spec).filter((t) => !t.ok);
          if (failed.length) throw new PolicyError(failed.map((t) => `${o.policy}: test "${t.name}" fails: ${t.problem}`).join('\n'));
        }
        gw = await startGateway({
          upstream: o.upstream,
          listen: o.listen,
          accounts: o.accounts,
          state: o.state,
          snapshotEvery: o.snapshotEvery,
          stateTail: o.stateTail,
          blocklist: o.blocklist,
          signatures: o.signatures,
          log: o.log,
          logMaxBytes: o.logMaxMb * 1024 * 1024,
          replayClock: o.replayClock,
          policyFile,
          failMode: o.failMode,
          adminToken: o.adminToken ?? process.env.DISTILLGUARD_ADMIN_TOKEN,
          maxBodyBytes: Math.round(o.maxBodyMb * 1024 * 1024),
          upstreamTimeoutMs: o.upstreamTimeoutS * 1000,
          config,
          sweepMinutes: o.sweepMinutes,
          disable: o.disable,
          enable: o.enable,
        });
      } catch (e) {
        if (e instanceof GatewayError || e instanceof ConfigError || e instanceof EngineBuildError || e instanceof PolicyError || e instanceof BlocksError) {
          process.stderr.write(`distillguard gateway: ${e.message}\n`);
          setExit(2);
          return;
        }
        throw e;
      }
      if (o.state) process.stderr.write(`restored ${gw.restored.exchanges} exchange(s) from ${o.state} in ${(gw.restored.ms / 1000).toFixed(1)} s\n`);
      process.stdout.write(`listening on ${gw.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          process.stderr.write(`${sig}: draining requests in flight\n`);
          gw!.close().then(resolve, (e) => {
            process.stderr.write(`distillguard gateway: shutdown: ${(e as Error).message}\n`);
            setExit(1);
            resolve();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
