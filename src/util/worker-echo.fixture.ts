// A worker for worker.test.ts: answers with its workerData and a value only TypeScript syntax could produce.
import { parentPort, workerData } from 'node:worker_threads';

const typed: number = 41 + 1;
parentPort!.postMessage({ workerData, typed });
