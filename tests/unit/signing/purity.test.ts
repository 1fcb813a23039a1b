// The signers are pure: frozen inputs, the same output twice, no clock, no environment.
import { presignV1, signV1 } from "../../../provider/oss/signV1";
import { presignV4, signV4 } from "../../../provider/oss/signV4";
import type { Credentials, SignableRequest } from "../../../provider/oss/types";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const request: SignableRequest = deepFreeze({
  method: "PUT",
  bucket: "bucket",
  key: "目录/link 1.txt",
  query: { symlink: null, versionId: "v1" },
  headers: { "X-Oss-Symlink-Target": "t%20a", "Content-Type": "text/plain", ZAbc: "z", "X-Oss-Date": "x" },
  region: "cn-hangzhou",
  additionalHeaders: ["ZAbc"],
});
const credentials: Credentials = deepFreeze({ accessKeyId: "ak", accessKeySecret: "sk", securityToken: "tok" });
const date = deepFreeze(new Date("2024-02-29T23:59:59Z"));

const signAll = () => ({
  v4: signV4(request, credentials, date),
  v4q: presignV4(request, credentials, date, 600),
  v1: signV1(request, credentials, date, ["extra"]),
  v1q: presignV1(request, credentials, 1709251199, ["extra"]),
});

describe("signer purity", () => {
  const snapshot = JSON.stringify({ request, credentials, date });

  afterEach(() => jest.useRealTimers());

  it("never mutates (frozen inputs would throw in strict mode) and is deterministic", () => {
    const first = signAll();
    expect(signAll()).toEqual(first);
    expect(JSON.stringify({ request, credentials, date })).toBe(snapshot);
  });

  it("does not read the clock", () => {
    jest.useFakeTimers({ now: new Date("1999-01-01T00:00:00Z") });
    const a = signAll();
    jest.setSystemTime(new Date("2077-07-07T07:07:07Z"));
    expect(signAll()).toEqual(a);
    jest.useRealTimers();
    expect(signAll()).toEqual(a);
  });

  it("does not read process.env", () => {
    const real = process.env;
    const trap = new Proxy({}, { get: (_t, name) => { throw new Error(`signer read process.env.${String(name)}`); } });
    let result: ReturnType<typeof signAll> | undefined;
    try {
      Object.defineProperty(process, "env", { value: trap, configurable: true, writable: true });
      result = signAll();
    } finally {
      Object.defineProperty(process, "env", { value: real, configurable: true, writable: true });
    }
    expect(result).toEqual(signAll());
  });
});
