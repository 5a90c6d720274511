import { Worker } from 'node:worker_threads';

/**
 * Starts the module at `url` as a worker thread. Built, `url` is a .js file
 * and starts as it is. Run from sources under tsx (tests, benches, dev), it is
 * a .ts file, and a worker thread does not inherit tsx's loader, so a small
 * bootstrap registers the loader before importing the module.
 */
export function startWorker(url: URL, workerData?: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL('data:text/javascript,' + encodeURIComponent(boot)), { workerData });
}

/** The sibling module `name` (without extension) of `self` (an `import.meta.url`), .ts under tsx and .js when built. */
export function siblingModule(self: string, name: string): URL {
  return new URL(`./${name}${self.endsWith('.ts') ? '.ts' : '.js'}`, self);
}
