/** The credentials in stack config (`alicloud:accessKey` / `alicloud:secretKey` / `alicloud:securityToken`) as a credentials provider. */
import { CONFIG_KEYS, hasConfigCredentials, type ProviderConfig } from "./config";
import type { CredentialsProvider } from "./oss/clientTypes";

/**
 * The stack config's key pair (and STS token) for the OSS client, described by the config keys it
 * came from, never by its value; undefined when stack config holds no key pair (the client's
 * default credential chain applies).
 */
export function configCredentials(config: ProviderConfig): CredentialsProvider | undefined {
  if (!hasConfigCredentials(config)) return undefined;
  const credentials = {
    accessKeyId: config.accessKeyId as string,
    accessKeySecret: config.accessKeySecret as string,
    ...(config.securityToken !== undefined ? { securityToken: config.securityToken } : {}),
  };
  const source = `stack config ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}${config.securityToken !== undefined ? ` / ${CONFIG_KEYS.securityToken}` : ""}`;
  return { getCredentials: async () => credentials, describe: () => source };
}
