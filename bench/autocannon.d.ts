/** The part of autocannon's API the benchmarks use (the package ships no types). */
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
      connections?: number;
      overallRate?: number;
      requests?: Request[];
    }
    interface Result {
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
