/** RAM evaluation of a session policy (docs/oss.md §1.11): explicit Deny first, then Allow, else denied. */
import { parseSessionPolicy } from "../../../server/sts/sessionPolicy";
import { StsServerError } from "../../../server/sts/stsErrors";

const ACCOUNT = "1234567890123456";

function policy(...statements: object[]) {
  const p = parseSessionPolicy(JSON.stringify({ Version: "1", Statement: statements }), ACCOUNT);
  if (p === undefined) throw new Error("expected a policy");
  return p;
}

describe("session policy", () => {
  it("no Policy parameter: no policy", () => {
    expect(parseSessionPolicy(undefined, ACCOUNT)).toBeUndefined();
    expect(parseSessionPolicy("", ACCOUNT)).toBeUndefined();
  });

  it("allows what an Allow statement matches, with wildcards, and nothing else", () => {
    const p = policy({ Effect: "Allow", Action: ["oss:Get*", "oss:PutObject"], Resource: "acs:oss:*:*:releases/app/*" });
    expect(p.denied(["oss:GetObject"], "cn-hangzhou", "releases", "app/latest.js")).toBeUndefined();
    expect(p.denied(["oss:GetObject", "oss:GetObjectVersion"], "cn-hangzhou", "releases", "app/x")).toBeUndefined();
    expect(p.denied(["oss:PutObject"], "cn-hangzhou", "releases", "other/x")).toBe("oss:PutObject");
    expect(p.denied(["oss:DeleteObject"], "cn-hangzhou", "releases", "app/x")).toBe("oss:DeleteObject");
    // The bucket itself is not one of its objects.
    expect(p.denied(["oss:GetObject"], "cn-hangzhou", "releases", undefined)).toBe("oss:GetObject");
  });

  it("actions compare case-insensitively; the resource names the region and the role's account", () => {
    const p = policy({ Effect: "Allow", Action: "OSS:getobject", Resource: `acs:oss:cn-hangzhou:${ACCOUNT}:b/*` });
    expect(p.denied(["oss:GetObject"], "cn-hangzhou", "b", "k")).toBeUndefined();
    expect(p.denied(["oss:GetObject"], "cn-shanghai", "b", "k")).toBe("oss:GetObject");
  });

  it("an explicit Deny beats any Allow; each action of a call is checked", () => {
    const p = policy(
      { Effect: "Allow", Action: "oss:*", Resource: "*" },
      { Effect: "Deny", Action: "oss:DeleteObjectVersion", Resource: "acs:oss:*:*:b/*" },
    );
    expect(p.denied(["oss:DeleteObject"], "cn-hangzhou", "b", "k")).toBeUndefined();
    expect(p.denied(["oss:DeleteObject", "oss:DeleteObjectVersion"], "cn-hangzhou", "b", "k")).toBe("oss:DeleteObjectVersion");
  });

  it("refuses, by name, an element it does not evaluate, and a malformed document", () => {
    const refused = (doc: string) => {
      try {
        parseSessionPolicy(doc, ACCOUNT);
      } catch (e) {
        return e as StsServerError;
      }
      throw new Error("expected a refusal");
    };
    const withCondition = refused(JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "oss:*", Resource: "*", Condition: {} }] }));
    expect(withCondition).toMatchObject({ status: 400, code: "InvalidParameter.PolicyGrammar" });
    expect(withCondition.message).toContain("Condition");
    expect(refused(JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", NotAction: "oss:*", Resource: "*" }] })).message).toContain("NotAction");
    expect(refused("{not json").code).toBe("InvalidParameter.PolicyGrammar");
    expect(refused(JSON.stringify({ Version: "1", Statement: [{ Effect: "Maybe", Action: "oss:*", Resource: "*" }] })).code).toBe("InvalidParameter.PolicyGrammar");
    expect(refused(JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: [], Resource: "*" }] })).code).toBe("InvalidParameter.PolicyGrammar");
    expect(refused(`{"Version":"1","Statement":[],"x":"${"a".repeat(2048)}"}`).code).toBe("InvalidParameter.PolicyGrammar");
  });
});
