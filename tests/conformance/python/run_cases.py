"""Conformance cases for the local OSS server, driven by the official Python SDK
`alibabacloud-oss-v2` (not written here).

Usage: python run_cases.py '<json config>'
Config: endpoint, region, accessKeyId, accessKeySecret, securityToken, bucket, versionedBucket,
signatureVersion ("v4" or "v1"). Prints one JSON object: case name -> observed result. The jest
test (pythonSdk.test.ts) asserts on it; this script only observes and never decides pass/fail.

The SDK sends x-oss-symlink-target unencoded (reference section 2.3), so targets here are ASCII.
With an IP endpoint the SDK switches to path-style addressing on its own.
"""
import json
import sys
import traceback

import alibabacloud_oss_v2 as oss


def make_client(cfg, secret=None, key_id=None, token=None):
    conf = oss.config.load_default()
    conf.credentials_provider = oss.credentials.StaticCredentialsProvider(
        key_id or cfg["accessKeyId"], secret or cfg["accessKeySecret"], token
    )
    conf.region = cfg["region"]
    conf.endpoint = cfg["endpoint"]
    conf.signature_version = cfg["signatureVersion"]
    conf.retry_max_attempts = 1
    return oss.Client(conf)


def error_of(e):
    inner = e.unwrap() if isinstance(e, oss.exceptions.OperationError) else e
    if isinstance(inner, oss.exceptions.ServiceError):
        return {"code": inner.code, "status": inner.status_code, "ec": inner.ec, "requestId": inner.request_id}
    return {"code": type(inner).__name__, "message": str(inner)}


def run(cfg):
    c = make_client(cfg)
    b = cfg["bucket"]
    vb = cfg["versionedBucket"]
    out = {}

    def case(name):
        def wrap(fn):
            try:
                out[name] = {"ok": True, "value": fn()}
            except Exception as e:  # noqa: BLE001 - every failure is data for the jest test
                out[name] = {"ok": False, "error": error_of(e), "trace": traceback.format_exc(limit=3)}
            return fn
        return wrap

    @case("put_target")
    def _():
        r = c.put_object(oss.PutObjectRequest(bucket=b, key="py/target.txt", body=b"python target bytes"))
        return {"status": r.status_code, "etag": r.etag}

    @case("put_symlink")
    def _():
        r = c.put_symlink(oss.PutSymlinkRequest(
            bucket=b, key="py/link", target="py/target.txt", acl="private", storage_class="IA",
            metadata={"owner": "py-team", "Mixed-Case": "v"},
        ))
        return {"status": r.status_code, "etag": r.headers.get("ETag"), "versionId": r.version_id}

    @case("get_symlink")
    def _():
        r = c.get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/link"))
        return {"target": r.target, "etag": r.etag, "metadata": dict(r.metadata or {}),
                "lastModified": r.headers.get("Last-Modified")}

    @case("head_through_link")
    def _():
        r = c.head_object(oss.HeadObjectRequest(bucket=b, key="py/link"))
        return {"objectType": r.object_type, "contentLength": r.content_length, "etag": r.etag,
                "metadata": dict(r.metadata or {}), "storageClass": r.storage_class}

    @case("get_through_link")
    def _():
        r = c.get_object(oss.GetObjectRequest(bucket=b, key="py/link"))
        return {"body": r.body.read().decode(), "objectType": r.object_type}

    @case("get_acl")
    def _():
        return c.get_object_acl(oss.GetObjectAclRequest(bucket=b, key="py/link")).acl

    @case("put_acl_then_get")
    def _():
        c.put_object_acl(oss.PutObjectAclRequest(bucket=b, key="py/link", acl="public-read"))
        return c.get_object_acl(oss.GetObjectAclRequest(bucket=b, key="py/link")).acl

    @case("forbid_overwrite")
    def _():
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/link", target="py/other", forbid_overwrite=True))

    @case("bad_storage_class")
    def _():
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/bad", target="py/t", storage_class="Glacier"))

    @case("oversized_metadata")
    def _():
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/big", target="py/t", metadata={"big": "x" * 9000}))

    @case("dangling_head")
    def _():
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/dangling", target="py/missing"))
        c.head_object(oss.HeadObjectRequest(bucket=b, key="py/dangling"))

    @case("dangling_get")
    def _():
        c.get_object(oss.GetObjectRequest(bucket=b, key="py/dangling"))

    @case("not_symlink")
    def _():
        c.get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/target.txt"))

    @case("no_such_key")
    def _():
        c.get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/never"))

    @case("delete_link")
    def _():
        r = c.delete_object(oss.DeleteObjectRequest(bucket=b, key="py/link"))
        after = None
        try:
            c.get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/link"))
        except Exception as e:  # noqa: BLE001
            after = error_of(e)["code"]
        target = c.get_object(oss.GetObjectRequest(bucket=b, key="py/target.txt")).body.read().decode()
        return {"status": r.status_code, "after": after, "target": target}

    @case("versioning")
    def _():
        c.put_bucket_versioning(oss.PutBucketVersioningRequest(
            bucket=vb, versioning_configuration=oss.VersioningConfiguration(status="Enabled")))
        status = c.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket=vb)).version_status
        first = c.put_symlink(oss.PutSymlinkRequest(bucket=vb, key="py/vlink", target="py/one"))
        c.put_symlink(oss.PutSymlinkRequest(bucket=vb, key="py/vlink", target="py/two", forbid_overwrite=True))
        old = c.get_symlink(oss.GetSymlinkRequest(bucket=vb, key="py/vlink", version_id=first.version_id))
        d = c.delete_object(oss.DeleteObjectRequest(bucket=vb, key="py/vlink"))
        marker = None
        try:
            c.get_symlink(oss.GetSymlinkRequest(bucket=vb, key="py/vlink"))
        except Exception as e:  # noqa: BLE001
            inner = e.unwrap()
            marker = {"code": inner.code, "status": inner.status_code,
                      "deleteMarker": inner.headers.get("x-oss-delete-marker")}
        return {"status": status, "firstVersion": first.version_id, "oldTarget": old.target,
                "deleteMarker": d.delete_marker, "markerVersion": d.version_id, "afterDelete": marker}

    @case("wrong_secret")
    def _():
        make_client(cfg, secret="wrong-secret").get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/x"))

    @case("unknown_key_id")
    def _():
        make_client(cfg, key_id="nobody").get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/x"))

    @case("sts_token")
    def _():
        s = make_client(cfg, token=cfg["securityToken"])
        s.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/sts", target="py/target.txt"))
        return s.get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/sts")).target

    @case("bad_sts_token")
    def _():
        make_client(cfg, token="forged").get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/sts"))

    @case("sts_token_header_name")
    def _():
        # Which header carries the token: the V1 signer of this SDK uses `security-token`
        # (reference section 4.6), V4 uses `x-oss-security-token`.
        captured = {}

        class Spy:
            def __init__(self, inner):
                self.inner = inner

            def send(self, request, **kwargs):
                captured.update({k.lower(): v for k, v in request.headers.items()})
                return self.inner.send(request, **kwargs)

        conf = oss.config.load_default()
        conf.credentials_provider = oss.credentials.StaticCredentialsProvider(
            cfg["accessKeyId"], cfg["accessKeySecret"], cfg["securityToken"])
        conf.region = cfg["region"]
        conf.endpoint = cfg["endpoint"]
        conf.signature_version = cfg["signatureVersion"]
        conf.retry_max_attempts = 1
        conf.http_client = Spy(oss.transport.RequestsHttpClient())
        oss.Client(conf).get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/sts"))
        return sorted(k for k in captured if "security-token" in k)

    @case("presigned_get")
    def _():
        import urllib.request
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/presigned", target="py/target.txt"))
        p = c.presign(oss.GetObjectRequest(bucket=b, key="py/presigned"))
        with urllib.request.urlopen(p.url) as resp:  # noqa: S310 - loopback only
            return resp.read().decode()

    return out


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
