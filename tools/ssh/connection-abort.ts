// Waiting on shared work (a connect, a channel open) without being able to cancel it: the
// caller stops waiting on abort, and whatever arrives late is handed to a clean-up function.

/** Resolves like `work`, or rejects with the signal's reason once `signal` aborts. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, lateResult?: (value: T) => void): Promise<T> {
  if (signal.aborted) {
    work.then(lateResult, () => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const onAbort = () => {
      abandoned = true;
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (abandoned) lateResult?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
