import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadScanConfig } from '../engine/config.js';
import { Tokens, TokenFileError } from '../serve/auth.js';
import { parseListen, startServer } from '../serve/server.js';
import { ServiceError } from '../serve/service.js';
import { loadWebhookFile, WebhookFileError } from '../serve/webhooks.js';
import { EngineBuildError } from '../engine/build.js';
import { redactLocation, storeLocation } from '../store/store.js';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('Run the engine continuously on what arrives (API, watched directory) and serve the API and the console.')
    .option('--store <file>', 'embedded DuckDB store; the journal, audit log and other state files sit beside it', 'distillguard-serve/store.duckdb')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8788')
    .option('-a, --accounts <file>', 'account table (JSON Lines, contract §2)')
    .option('--tokens <file>', 'API tokens, JSON Lines {"token", "role": "viewer"|"analyst"|"admin", "name"}')
    .option('--insecure-dev-token', 'without --tokens: make one random admin token and print it on stderr (development only)')
    .option('--watch <dir>', 'ingest new files and lines appended to files in this directory')
    .option('--webhooks <file>', 'webhooks, JSON Lines {"url", "secret", "events"?}')
    .option('--blocklist <file>', 'block list the gateway reads (default: blocklist.json beside the store)')
    .option('--signatures <file>', 'signatures the gateway matches (default: signatures.json beside the store)')
    .option('-c, --config <file>', 'JSON configuration, as for scan')
    .option('--provider <name>', 'the name STIX bundles are shared under', 'distillguard')
    .option('--settle-ms <n>', 'quiet time after which the engine judges what it holds as a scan does at its end', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 10) throw new InvalidArgumentError('must be a whole number of milliseconds, at least 10');
      return n;
    }, 2000)
    .option('--workers <n>', 'feature worker threads (default: cores - 1; 0 = none)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
      return n;
    })
    .addHelpText('after', `
Prints "listening on http://HOST:PORT" on stdout when ready, and on stderr
where the store is. Stops cleanly on SIGINT / SIGTERM. See docs/serve.md.

Example:
  distillguard serve --store data/store.duckdb --tokens tokens.jsonl --accounts accounts.jsonl`)
    .action(async (o: { store: string; listen: string; accounts?: string; tokens?: string; insecureDevToken?: boolean; watch?: string; webhooks?: string; blocklist?: string; signatures?: string; config?: string; provider: string; settleMs: number; workers?: number }) => {
      const err = (m: string) => {
        process.stderr.write(`distillguard serve: ${m}\n`);
        setExit(2);
      };
      // serve rebuilds its store from its journal at every start and keeps its
      // state files beside it; neither has a ClickHouse form yet
      if (storeLocation(o.store).kind !== 'duckdb') {
        return err(`--store ${redactLocation(o.store)}: serve keeps its store in an embedded DuckDB file (its journal, audit log and state files sit beside it); a ClickHouse store is for scan (scan --store clickhouse://...), not yet for serve`);
      }
      let tokens: Tokens;
      try {
        if (o.tokens) tokens = Tokens.load(o.tokens, (m) => process.stderr.write(`distillguard serve: warning: ${m}\n`));
        else if (o.insecureDevToken) {
          const dev = Tokens.dev();
          tokens = dev.tokens;
          process.stderr.write(`distillguard serve: no --tokens; development admin token (do not use in production): ${dev.token}\n`);
        } else {
          // contract §6 makes --tokens optional; with none, no token is valid, so nothing behind /api/ is open
          tokens = new Tokens([]);
          process.stderr.write('distillguard serve: warning: no --tokens FILE (JSON Lines {"token", "role", "name"}): every /api/ request is refused with 401; for a local trial, --insecure-dev-token makes one admin token\n');
        }
      } catch (e) {
        if (e instanceof TokenFileError) return err(e.message);
        throw e;
      }
      let listen;
      try {
        listen = parseListen(o.listen);
      } catch (e) {
        return err((e as Error).message);
      }
      let running;
      try {
        const config = o.config ? await loadScanConfig(o.config) : undefined;
        const webhooks = o.webhooks ? loadWebhookFile(o.webhooks) : undefined;
        running = await startServer({
          ...listen, tokens, store: o.store, accounts: o.accounts, watch: o.watch, webhooks, blocklist: o.blocklist, signatures: o.signatures,
          config, provider: o.provider, settleMs: o.settleMs, workers: o.workers,
          log: (l) => process.stderr.write(`distillguard serve: ${l}\n`),
        });
      } catch (e) {
        if (e instanceof ServiceError || e instanceof ConfigError || e instanceof WebhookFileError || e instanceof EngineBuildError) return err(e.message);
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' || (e as NodeJS.ErrnoException).code === 'EACCES') return err(`cannot listen on ${o.listen}: ${(e as Error).message}`);
        throw e;
      }
      const f = running.service.files;
      process.stderr.write(`distillguard serve: store ${o.store} (journal ${f.journal}, audit ${f.audit}); block list ${f.blocklist}; signatures ${f.signatures}\n`);
      process.stdout.write(`listening on ${running.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('distillguard serve: stopping\n');
          running.close().then(resolve, (e) => {
            process.stderr.write(`distillguard serve: ${(e as Error).message}\n`);
            setExit(1);
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
