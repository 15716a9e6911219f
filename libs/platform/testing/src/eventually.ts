/**
 * Polls `probe` until it stops throwing (or returns a truthy value when `until` is not given),
 * for eventually-consistent read models. Never a fixed sleep: it returns as soon as it holds.
 */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 10_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
