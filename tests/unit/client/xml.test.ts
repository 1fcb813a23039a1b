import {
  parseAclXml,
  parseListObjectsV2Xml,
  parseVersioningXml,
  versioningXml,
  XmlShapeError,
} from "../../../provider/oss/xml";

const xml = (s: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${s}`, "utf8");

describe("XML documents", () => {
  test("GetObjectACL", () => {
    const body = xml(
      "<AccessControlPolicy>\n  <Owner>\n    <ID>0022012****</ID>\n    <DisplayName>0022012****</DisplayName>\n  </Owner>\n" +
        "  <AccessControlList>\n    <Grant>public-read</Grant>\n  </AccessControlList>\n</AccessControlPolicy>",
    );
    expect(parseAclXml(body)).toBe("public-read");
    expect(parseAclXml(xml("<AccessControlPolicy><AccessControlList><Grant>default</Grant></AccessControlList></AccessControlPolicy>"))).toBe("default");
  });

  test("GetObjectACL with an unknown grant or wrong document is a shape error", () => {
    expect(() => parseAclXml(xml("<AccessControlPolicy><AccessControlList><Grant>everyone</Grant></AccessControlList></AccessControlPolicy>"))).toThrow(XmlShapeError);
    expect(() => parseAclXml(xml("<Other/>"))).toThrow(/missing <AccessControlPolicy>/);
  });

  test.each([
    ["<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>", "Enabled"],
    ["<VersioningConfiguration>\n  <Status>Suspended</Status>\n</VersioningConfiguration>", "Suspended"],
    ["<VersioningConfiguration/>", "Off"],
    ["<VersioningConfiguration></VersioningConfiguration>", "Off"],
    ['<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">\n</VersioningConfiguration>', "Off"],
  ])("versioning %s → %s", (doc, status) => {
    expect(parseVersioningXml(xml(doc))).toBe(status);
  });

  test("versioning body round-trips", () => {
    expect(parseVersioningXml(Buffer.from(versioningXml("Suspended")))).toBe("Suspended");
  });

  test("ListObjectsV2: keys kept exactly, ETags unquoted, sizes numeric", () => {
    const body = xml(
      "<ListBucketResult>\n  <Name>bkt</Name>\n  <Prefix>a/</Prefix>\n  <MaxKeys>2</MaxKeys>\n  <KeyCount>2</KeyCount>\n" +
        "  <IsTruncated>true</IsTruncated>\n  <NextContinuationToken>CgJhYg--</NextContinuationToken>\n" +
        "  <Contents>\n    <Key>a/ spaced &amp; &lt;odd&gt; 007 </Key>\n    <LastModified>2024-01-02T03:04:05.000Z</LastModified>\n" +
        '    <ETag>"5B3C1A2E053D1B002CC607C5A0000000"</ETag>\n    <Type>Normal</Type>\n    <Size>344606</Size>\n' +
        "    <StorageClass>Standard</StorageClass>\n  </Contents>\n" +
        "  <Contents>\n    <Key>a/&#x4E2D;link</Key>\n    <Type>Symlink</Type>\n    <Size>0</Size>\n  </Contents>\n</ListBucketResult>",
    );
    expect(parseListObjectsV2Xml(body)).toEqual({
      objects: [
        {
          key: "a/ spaced & <odd> 007 ",
          lastModified: "2024-01-02T03:04:05.000Z",
          etag: "5B3C1A2E053D1B002CC607C5A0000000",
          type: "Normal",
          size: 344606,
          storageClass: "Standard",
        },
        { key: "a/中link", type: "Symlink", size: 0 },
      ],
      isTruncated: true,
      nextContinuationToken: "CgJhYg--",
    });
  });

  test("ListObjectsV2 with no contents", () => {
    expect(parseListObjectsV2Xml(xml("<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>"))).toEqual({
      objects: [],
      isTruncated: false,
    });
  });
});
