import { Command, InvalidArgumentError } from 'commander';
import { runPartition } from '../engine/nats/partition.js';

function wholeNumber(min: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > 1024) throw new InvalidArgumentError(`must be a whole number from ${min} to 1024`);
    return n;
  };
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('partition')
    .description('Serve one account partition of `scan --nats URL --partitions N` from NATS JetStream, until stopped.')
    .requiredOption('--nats <url>', 'the NATS server with JetStream (nats://host:4222; several separated by commas)')
    .requiredOption('--index <p>', 'which partition this process serves, 0 .. N - 1', wholeNumber(0))
    .requiredOption('--of <n>', 'how many partitions the scan has (its --partitions)', wholeNumber(1))
    .option('--stream <name>', 'the JetStream stream (default DG; one scan at a time per stream)')
    .option('--ack-wait-seconds <n>', 'how long a message taken and not acknowledged stays with this process (default 30)', wholeNumber(1))
    .option('-q, --quiet', 'no messages on stderr')
    .addHelpText('after', `
One process per partition index, each started once (a second process on the
same index would take half its messages). It serves scan after scan. Killed
at any point and started again, it replays the scan from its start: nothing
is lost or counted twice (docs/operations.md "Partitions").

Exit status: 0 when stopped with SIGTERM or SIGINT, 2 on unusable
arguments, 1 when the partition failed (start it again).

Example, two partitions and the scan on one machine:
  nats-server -js -sd /var/lib/nats &
  distillguard partition --nats nats://127.0.0.1:4222 --index 0 --of 2 &
  distillguard partition --nats nats://127.0.0.1:4222 --index 1 --of 2 &
  distillguard scan logs/ --out report/ --nats nats://127.0.0.1:4222 --partitions 2 --nats-external`)
    .action(async (o: { nats: string; index: number; of: number; stream?: string; ackWaitSeconds?: number; quiet?: boolean }) => {
      if (o.index >= o.of) {
        process.stderr.write(`distillguard partition: --index ${o.index} must be below --of ${o.of}\n`);
        setExit(2);
        return;
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      try {
        await runPartition({ url: o.nats, index: o.index, of: o.of, stream: o.stream, ackWaitMs: o.ackWaitSeconds && o.ackWaitSeconds * 1000, signal: stop.signal, log: o.quiet ? () => {} : undefined });
      } catch (e) {
        process.stderr.write(`distillguard partition ${o.index}: ${(e as Error).message}\n`);
        setExit(1);
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    });
}
