import { Command, InvalidArgumentError } from 'commander';
import { loadAnswers, replay } from '../gateway/replay.js';
import { parseListen, GatewayError } from '../gateway/server.js';
import { startStandIn } from '../gateway/testing/upstream.js';
import { InputError } from '../engine/scan.js';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('Replay logged exchanges through a gateway started with --replay-clock; or, with --stand-in, serve their logged answers as the upstream.')
    .argument('<logs...>', 'exchange log files or directories (.jsonl, .jsonl.gz, .jsonl.zst)')
    .option('-g, --gateway <url>', 'the gateway to post to, e.g. http://127.0.0.1:8787')
    .option('--concurrency <n>', 'requests in flight at once (1 keeps scan\'s exact order)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InvalidArgumentError('must be a whole number from 1 to 1024');
      return n;
    }, 1)
    .option('-o, --out <file>', 'write each exchange\'s decision as JSON Lines: {id, account_id, ts, status, decision, case_id}')
    .option('--stand-in', 'serve the logs\' answers as a stand-in upstream (by X-Request-Id) instead of replaying')
    .option('-l, --listen <host:port>', 'with --stand-in: where to listen', '127.0.0.1:8790')
    .addHelpText('after', `
Example (three shells):
  distillguard replay logs/ --stand-in --listen 127.0.0.1:8790
  distillguard gateway --upstream http://127.0.0.1:8790 --replay-clock --accounts accounts.jsonl
  distillguard replay logs/ --gateway http://127.0.0.1:8787 --out decisions.jsonl`)
    .action(async (logs: string[], o: { gateway?: string; concurrency: number; out?: string; standIn?: boolean; listen: string }) => {
      try {
        if (o.standIn) {
          const { host, port } = parseListen(o.listen);
          const answers = await loadAnswers(logs);
          const s = await startStandIn({ answers, host, port });
          process.stderr.write(`serving ${answers.size} logged answers\n`);
          process.stdout.write(`listening on ${s.url}\n`);
          await new Promise<void>((r) => {
            process.once('SIGTERM', r);
            process.once('SIGINT', r);
          });
          await s.close();
          return;
        }
        if (!o.gateway) {
          process.stderr.write('distillguard replay: give --gateway URL (or --stand-in)\n');
          setExit(2);
          return;
        }
        const s = await replay({ inputs: logs, gateway: o.gateway, concurrency: o.concurrency, out: o.out });
        const rate = s.exchanges / (s.elapsedMs / 1000);
        process.stdout.write(
          `Replayed ${s.exchanges} exchanges in ${(s.elapsedMs / 1000).toFixed(1)} s (${Math.round(rate)}/s)${s.bad ? `, ${s.bad} bad line(s) skipped` : ''}\n` +
            `  decisions: ${Object.entries(s.decisions).map(([k, v]) => `${k} ${v}`).join(', ')}\n` +
            `  statuses:  ${Object.entries(s.statuses).map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
        );
      } catch (e) {
        if (e instanceof InputError || e instanceof GatewayError) {
          process.stderr.write(`distillguard replay: ${e.message}\n`);
          setExit(2);
          return;
        }
        throw e;
      }
    });
}
