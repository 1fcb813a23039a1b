/**
 * The process's environment: the one place the OSS client reads it. Code that needs variables
 * (credentials.ts) takes an {@link Env} instead, so a test or an embedding program can pass its own.
 */

/** Environment variables by name. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The running process's environment (the live object: a variable set later counts). */
export function processEnv(): Env {
  return process.env;
}
