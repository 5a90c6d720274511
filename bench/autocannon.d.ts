/** The part of autocannon's API the benchmarks use (the package ships no types, and @types/autocannon is not a dependency). */
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: 'GET' | 'POST';
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: Request) => Request;
    }
    interface Options {
      url: string;
      duration?: number;
      amount?: number;
      connections?: number;
      overallRate?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: Request[];
    }
    interface Latency { p50: number; p90: number; p99: number; max: number; average: number }
    interface Result {
      latency: Latency;
      requests: { average: number; total: number };
      non2xx: number;
      errors: number;
      timeouts: number;
    }
    interface Instance extends PromiseLike<Result> {
      on(event: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void): void;
    }
  }
  function autocannon(o: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
