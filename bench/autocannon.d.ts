// The part of autocannon's API the benchmarks use (it ships no types, and @types/autocannon is not a dependency).
declare module 'autocannon' {
  interface Latency { p50: number; p90: number; p99: number; max: number; average: number }
  interface Result { latency: Latency; requests: { average: number; total: number }; non2xx: number; errors: number }
  interface Options { url: string; connections?: number; amount?: number; duration?: number; headers?: Record<string, string>; method?: string; body?: string }
  function autocannon(o: Options): Promise<Result>;
  export default autocannon;
}
