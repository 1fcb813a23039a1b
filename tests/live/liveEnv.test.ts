// The live suite's on/off decision: it runs only with a bucket, a region and a credential pair,
// and otherwise names exactly what is missing.
import { liveSettings, skipBanner } from "./liveEnv";

const FULL = {
  OSS_TEST_BUCKET: "my-test-bucket",
  OSS_REGION: "cn-hangzhou",
  OSS_ACCESS_KEY_ID: "id-1",
  OSS_ACCESS_KEY_SECRET: "secret-1",
};

describe("liveSettings", () => {
  test("an empty environment lists the bucket, the region and both credential options", () => {
    const out = liveSettings({});
    expect(out).toEqual({
      ok: false,
      missing: [
        "OSS_TEST_BUCKET",
        "OSS_REGION",
        "OSS_ACCESS_KEY_ID + OSS_ACCESS_KEY_SECRET (or ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET)",
      ],
    });
  });

  test("OSS_* credentials, with an optional session token and endpoint", () => {
    expect(liveSettings({ ...FULL, OSS_SESSION_TOKEN: "tok", OSS_ENDPOINT: "oss-cn-hangzhou-internal.aliyuncs.com" })).toEqual({
      ok: true,
      settings: {
        bucket: "my-test-bucket",
        region: "cn-hangzhou",
        endpoint: "oss-cn-hangzhou-internal.aliyuncs.com",
        accessKeyId: "id-1",
        accessKeySecret: "secret-1",
        securityToken: "tok",
        credentialSource: "OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET",
      },
    });
  });

  test("ALIBABA_CLOUD_* credentials when the OSS_* pair is absent or incomplete", () => {
    const out = liveSettings({
      OSS_TEST_BUCKET: "b-1",
      OSS_REGION: "cn-beijing",
      OSS_ACCESS_KEY_ID: "only-an-id",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id-2",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret-2",
      ALIBABA_CLOUD_SECURITY_TOKEN: "tok-2",
    });
    expect(out.ok && out.settings).toMatchObject({
      accessKeyId: "id-2",
      accessKeySecret: "secret-2",
      securityToken: "tok-2",
      credentialSource: "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    });
  });

  test("blank values count as missing", () => {
    const out = liveSettings({ ...FULL, OSS_REGION: "  " });
    expect(out).toEqual({ ok: false, missing: ["OSS_REGION"] });
  });

  test("the banner names every missing variable and never a value", () => {
    const banner = skipBanner(["OSS_TEST_BUCKET", "OSS_REGION"]);
    expect(banner).toContain("LIVE OSS TESTS SKIPPED");
    expect(banner).toContain("  - OSS_TEST_BUCKET");
    expect(banner).toContain("  - OSS_REGION");
  });
});
