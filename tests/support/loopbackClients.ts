import { createOssClient, type OssClient } from "../../provider/oss/client";
import type { OssClientOptions } from "../../provider/oss/clientTypes";
import type { Credentials } from "../../provider/oss/types";
import { startLoopbackServer, type CannedResponse, type Handler, type LoopbackServer } from "./loopbackServer";

interface Closable {
  close(): Promise<unknown>;
}

/**
 * Loopback servers and clients for one test file, all closed after each test (last opened,
 * first closed), also when an assertion fails midway. Call at the top level of the file.
 */
export function loopbackClients(credentials: Credentials): {
  setup(handler: Handler | CannedResponse[], options?: Partial<OssClientOptions>): Promise<{ server: LoopbackServer; client: OssClient }>;
  track<T extends Closable>(thing: T): T;
} {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  const track = <T extends Closable>(thing: T): T => {
    open.push(thing);
    return thing;
  };
  return {
    track,
    async setup(handler, options = {}) {
      const server = track(await startLoopbackServer(handler));
      // random: 0 means no backoff waits unless a test asks for them.
      const client = track(createOssClient({ region: "cn-hangzhou", endpoint: server.origin, credentials, random: () => 0, ...options }));
      return { server, client };
    },
  };
}
