/** The provider boundary around one effect: its failure becomes the one line the user sees (lifecycle/errors.ts). */
import type { OssClientApi } from "./oss/clientTypes";
import { CREDENTIAL_ERROR_CODES } from "./lifecycle/errorHints";
import { actionableError, ossErrorCode } from "./lifecycle/errors";

/** Runs an effect and turns failures into actionable errors (naming the credential source on auth errors). */
export async function withErrors<T>(
  client: OssClientApi,
  operation: string,
  where: { bucket: string; key: string; region?: string; endpoint?: string },
  effect: () => Promise<T>,
): Promise<T> {
  try {
    return await effect();
  } catch (err) {
    const code = ossErrorCode(err);
    let credentialSource: string | undefined;
    if (code !== undefined && CREDENTIAL_ERROR_CODES.has(code)) {
      credentialSource = await client.credentialSource().catch(() => undefined);
    }
    throw actionableError(err, {
      operation,
      bucket: where.bucket,
      key: where.key,
      ...(where.region !== undefined ? { region: where.region } : {}),
      ...(where.endpoint !== undefined ? { endpoint: where.endpoint } : {}),
      ...(credentialSource !== undefined ? { credentialSource } : {}),
    });
  }
}
