import {
  bucketOrigin,
  bucketPathPrefix,
  normalizeRegion,
  resolveEndpoint,
  type EndpointOptions,
} from "../../../provider/oss/endpoint";

interface Row {
  name: string;
  options: EndpointOptions;
  /** origin and path prefix for bucket "bkt" */
  origin: string;
  prefix: string;
  style: "virtual" | "path" | "cname";
  region: string;
}

const rows: Row[] = [
  { name: "public default", options: { region: "cn-hangzhou" }, origin: "https://bkt.oss-cn-hangzhou.aliyuncs.com", prefix: "/", style: "virtual", region: "cn-hangzhou" },
  { name: "region with oss- prefix", options: { region: "oss-cn-shanghai" }, origin: "https://bkt.oss-cn-shanghai.aliyuncs.com", prefix: "/", style: "virtual", region: "cn-shanghai" },
  { name: "internal", options: { region: "cn-hangzhou", internal: true }, origin: "https://bkt.oss-cn-hangzhou-internal.aliyuncs.com", prefix: "/", style: "virtual", region: "cn-hangzhou" },
  { name: "accelerate keeps signing region", options: { region: "ap-southeast-1", accelerate: true }, origin: "https://bkt.oss-accelerate.aliyuncs.com", prefix: "/", style: "virtual", region: "ap-southeast-1" },
  { name: "custom host", options: { region: "cn-hangzhou", endpoint: "oss-cn-hangzhou.aliyuncs.com" }, origin: "https://bkt.oss-cn-hangzhou.aliyuncs.com", prefix: "/", style: "virtual", region: "cn-hangzhou" },
  { name: "custom host, trailing slash, upper case", options: { region: "cn-hangzhou", endpoint: "OSS-CN-Hangzhou.aliyuncs.com/" }, origin: "https://bkt.oss-cn-hangzhou.aliyuncs.com", prefix: "/", style: "virtual", region: "cn-hangzhou" },
  { name: "custom http URL keeps scheme", options: { region: "cn-beijing", endpoint: "http://oss-cn-beijing.aliyuncs.com" }, origin: "http://bkt.oss-cn-beijing.aliyuncs.com", prefix: "/", style: "virtual", region: "cn-beijing" },
  { name: "IP URL is path style", options: { region: "cn-hangzhou", endpoint: "http://127.0.0.1:9000" }, origin: "http://127.0.0.1:9000", prefix: "/bkt/", style: "path", region: "cn-hangzhou" },
  { name: "IP host:port defaults to https, path style", options: { region: "cn-hangzhou", endpoint: "10.0.0.5:8443" }, origin: "https://10.0.0.5:8443", prefix: "/bkt/", style: "path", region: "cn-hangzhou" },
  { name: "localhost is path style", options: { region: "cn-hangzhou", endpoint: "http://localhost:9000" }, origin: "http://localhost:9000", prefix: "/bkt/", style: "path", region: "cn-hangzhou" },
  { name: "IPv6 literal is path style", options: { region: "cn-hangzhou", endpoint: "http://[::1]:9000" }, origin: "http://[::1]:9000", prefix: "/bkt/", style: "path", region: "cn-hangzhou" },
  { name: "pathStyle false overrides IP default", options: { region: "cn-hangzhou", endpoint: "http://127.0.0.1:9000", pathStyle: false }, origin: "http://bkt.127.0.0.1:9000", prefix: "/", style: "virtual", region: "cn-hangzhou" },
  { name: "pathStyle true on a DNS endpoint", options: { region: "cn-hangzhou", endpoint: "oss.example.com", pathStyle: true }, origin: "https://oss.example.com", prefix: "/bkt/", style: "path", region: "cn-hangzhou" },
  { name: "pathStyle true without endpoint", options: { region: "cn-hangzhou", pathStyle: true }, origin: "https://oss-cn-hangzhou.aliyuncs.com", prefix: "/bkt/", style: "path", region: "cn-hangzhou" },
  { name: "cname: no bucket in host or path", options: { region: "cn-hangzhou", endpoint: "static.example.com", cname: true }, origin: "https://static.example.com", prefix: "/", style: "cname", region: "cn-hangzhou" },
  { name: "cname with URL", options: { region: "oss-cn-hangzhou", endpoint: "http://cdn.example.com:8080", cname: true }, origin: "http://cdn.example.com:8080", prefix: "/", style: "cname", region: "cn-hangzhou" },
];

describe("resolveEndpoint", () => {
  test.each(rows)("$name", (row) => {
    const resolved = resolveEndpoint(row.options);
    expect(resolved.style).toBe(row.style);
    expect(resolved.signingRegion).toBe(row.region);
    expect(bucketOrigin(resolved, "bkt")).toBe(row.origin);
    expect(bucketPathPrefix(resolved, "bkt")).toBe(row.prefix);
  });

  const bad: Array<[string, EndpointOptions, RegExp]> = [
    ["ftp scheme", { region: "cn-hangzhou", endpoint: "ftp://host" }, /"ftp:\/\/host".*scheme must be http or https/],
    ["path in URL", { region: "cn-hangzhou", endpoint: "https://host/prefix" }, /"https:\/\/host\/prefix".*must not have a path/],
    ["query in URL", { region: "cn-hangzhou", endpoint: "https://host/?a=b" }, /must not have a query/],
    ["credentials in URL", { region: "cn-hangzhou", endpoint: "https://user:pw@host" }, /must not contain credentials/],
    ["spaces", { region: "cn-hangzhou", endpoint: "not a host" }, /"not a host".*not a host name.*oss-cn-hangzhou\.aliyuncs\.com/],
    ["port out of range", { region: "cn-hangzhou", endpoint: "host:99999" }, /port is out of range/],
    ["whitespace only", { region: "cn-hangzhou", endpoint: "  " }, /it is empty/],
    ["cname without endpoint", { region: "cn-hangzhou", cname: true }, /cname: true needs an endpoint/],
    ["internal and accelerate", { region: "cn-hangzhou", internal: true, accelerate: true }, /either internal or accelerate/],
    ["endpoint and internal", { region: "cn-hangzhou", endpoint: "host", internal: true }, /drop one of them/],
    ["bad region", { region: "cn hangzhou" }, /Invalid OSS region "cn hangzhou"/],
    ["empty region", { region: "" }, /Invalid OSS region ""/],
  ];
  test.each(bad)("rejects %s with a message naming the value", (_name, options, message) => {
    expect(() => resolveEndpoint(options)).toThrow(TypeError);
    expect(() => resolveEndpoint(options)).toThrow(message);
  });
});

describe("normalizeRegion", () => {
  test.each([
    ["cn-hangzhou", "cn-hangzhou"],
    ["oss-cn-hangzhou", "cn-hangzhou"],
    [" OSS-AP-SOUTHEAST-1 ", "ap-southeast-1"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeRegion(input)).toBe(expected);
  });
});
