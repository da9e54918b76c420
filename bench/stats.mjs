// The bench's samples and their statistics: one timed batch a sample, then medians and quartiles, never means (a
// GC pause or a scheduler hiccup skews a mean).

/** The q-quantile (0..1) of the samples, linearly interpolated between the two nearest ranks. */
export function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const median = (samples) => quantile(samples, 0.5);

/** Median with the interquartile range: the spread we report beside every median. */
export const summary = (samples) => ({
  median: median(samples),
  p25: quantile(samples, 0.25),
  p75: quantile(samples, 0.75),
  n: samples.length,
});

/**
 * Compares two clients round by round: `f(a[i], b[i])` for each round i, summarised. Both ran in the same round,
 * moments apart, so a slow round (the machine busy elsewhere) slows both and mostly cancels out.
 */
export const paired = (a, b, f) => summary(a.map((x, i) => f(x, b[i])));

/**
 * One sample: the mean time per call over `size` sequential awaited calls, in wall-clock time and in this process's
 * CPU time (user + system), both in microseconds.
 */
async function timeBatch(call, size) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < size; i++) await call();
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { wall: wall / size, cpu: (user + system) / size };
}

/**
 * Times each of `calls` ({ name, call }) in rounds, one batch of `batch` calls each a round, in an order rotated by
 * one each round so that drift hits every contestant alike; the first `warmupRounds` are not kept. Each call must
 * first return `expected`, so that none is timed without doing its work. Returns { name: { wall, cpu } }, the
 * samples in round order.
 */
export async function rotatedSamples(calls, { rounds, warmupRounds, batch, expected }) {
  for (const { name, call } of calls) {
    const result = await call();
    if (result !== expected) throw new Error(`${name} returned ${result}, not ${expected}`);
  }
  const samples = calls.map(() => ({ wall: [], cpu: [] }));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (let i = 0; i < calls.length; i++) {
      const index = (round + i) % calls.length;
      const { wall, cpu } = await timeBatch(calls[index].call, batch);
      if (round < warmupRounds) continue;
      samples[index].wall.push(wall);
      samples[index].cpu.push(cpu);
    }
  }
  return Object.fromEntries(calls.map(({ name }, i) => [name, samples[i]]));
}
