/** The message `promise` was rejected with; throws when it was fulfilled instead. */
export async function failureMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected a failure");
}
