/**
 * `distillguard policy check|test`: what a policy file would have done on a
 * recorded log, and the tests the file carries. The gateway's `--check` mode
 * calls `runPolicyCheck` with the same options.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadScanConfig } from '../engine/config.js';
import { checkPolicy, formatCheck, InputError } from '../policy/check.js';
import { createPolicy, loadPolicyFile, PolicyError, runPolicyTests, type PolicyFile } from '../policy/index.js';

export interface PolicyCheckArgs {
  policy?: string;
  accounts?: string;
  labels?: string;
  config?: string;
  json?: boolean;
  out?: string;
  show?: number;
  reorderMinutes?: number;
  sweepMinutes?: number;
  disable?: string[];
  enable?: string[];
}

/** Loads the policy (the built-in default without a file), runs its own tests, then the log; returns the exit status. */
export async function runPolicyCheck(logs: string[], o: PolicyCheckArgs, name = 'policy check'): Promise<number> {
  try {
    const file: PolicyFile | undefined = o.policy ? loadPolicyFile(o.policy) : undefined;
    const policy = createPolicy(file);
    const failed = runPolicyTests(policy.spec).filter((t) => !t.ok);
    for (const t of failed) process.stderr.write(`distillguard ${name}: ${o.policy ?? 'built-in policy'}: test "${t.name}" fails: ${t.problem}\n`);
    if (failed.length) return 1;
    let bad = 0;
    const report = await checkPolicy({
      policy,
      inputs: logs,
      accounts: o.accounts,
      labels: o.labels,
      config: o.config ? await loadScanConfig(o.config) : undefined,
      reorderMinutes: o.reorderMinutes,
      sweepMinutes: o.sweepMinutes,
      disable: o.disable,
      enable: o.enable,
      listAccounts: o.json ? 100_000 : Math.max(o.show ?? 20, 0),
      onBad: (q) => { if (++bad <= 20) process.stderr.write(`set aside ${q.file}:${q.line}: ${q.reason}\n`); },
    });
    const json = JSON.stringify(report, null, 1) + '\n';
    if (o.out) writeFileSync(o.out, json);
    process.stdout.write(o.json ? json : formatCheck(report, o.show ?? 20));
    return 0;
  } catch (e) {
    if (e instanceof PolicyError || e instanceof InputError || e instanceof ConfigError) {
      process.stderr.write(`distillguard ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

export function register(program: Command, setExit: (code: number) => void): void {
  const cmd = program.command('policy').description('Enforcement policy files: check one against a log, run its tests.');
  cmd
    .command('check')
    .description('Replay logs through the scan engine and report what the policy would have done at every exchange.')
    .argument('<logs...>', 'exchange log files or directories (contract §1)')
    .option('-p, --policy <file>', 'policy file, YAML or JSON (default: the built-in policy, docs/policy.md)')
    .option('-a, --accounts <file>', 'account table (contract §2): tiers, verification, organisations')
    .option('-l, --labels <file>', 'labels.jsonl (contract §4): adds recall, benign hits and leakage as the gateway would have enforced')
    .option('-c, --config <file>', 'scan configuration, as for scan --config')
    .option('--reorder-minutes <n>', 'as for scan (default 5)', positiveNumber)
    .option('--sweep-minutes <n>', 'as for scan (default 30)', positiveNumber)
    .option('--disable <families>', 'signal families to turn off, as for scan', list)
    .option('--enable <families>', 'opt-in families to turn on, as for scan', list)
    .option('--json', 'print the report as JSON')
    .option('--out <file>', 'also write the JSON report here')
    .option('--show <n>', 'accounts listed in the table (default 20)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
      return n;
    })
    .addHelpText('after', `
Runs the file's own tests first and fails (exit 1) if one fails.
Exit status: 0 done, 1 a policy test failed or an internal error, 2 unusable arguments, policy or input.

Example:
  distillguard policy check --policy examples/policy.yaml world/logs.jsonl.gz --accounts world/accounts.jsonl --labels world/labels.jsonl`)
    .action(async (logs: string[], o: PolicyCheckArgs) => setExit(await runPolicyCheck(logs, o)));
  cmd
    .command('test')
    .description("Validate a policy file and run the tests inside it.")
    .argument('<file>', 'policy file, YAML or JSON')
    .action((file: string) => {
      try {
        const outcomes = runPolicyTests(loadPolicyFile(file));
        for (const t of outcomes) process.stdout.write(`${t.ok ? 'ok  ' : 'FAIL'} ${t.name}${t.ok ? '' : `: ${t.problem}`}\n`);
        const failed = outcomes.filter((t) => !t.ok).length;
        process.stdout.write(`${outcomes.length - failed} of ${outcomes.length} policy tests pass\n`);
        setExit(failed ? 1 : 0);
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        process.stderr.write(`distillguard policy test: ${e.message}\n`);
        setExit(2);
      }
    });
}
