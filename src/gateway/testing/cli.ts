/**
 * The CLI run from sources (under `node --import tsx`), for tests that need
 * the gateway in a process of its own: one they can kill -9.
 */
import { main } from '../../cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
