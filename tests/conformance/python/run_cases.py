"""Conformance cases for the local OSS server, driven by the official Python SDK
`alibabacloud-oss-v2` (not written here).

Usage: python run_cases.py '<json config>'
Config: endpoint, region, accessKeyId, accessKeySecret, securityToken, bucket, versionedBucket,
signatureVersion ("v4" or "v1"). Prints one JSON object: case name -> observed result. The jest
test (pythonSdk.test.ts) asserts on it; this script only observes and never decides pass/fail.

The SDK sends x-oss-symlink-target unencoded (docs/oss.md §2.3), so targets here are ASCII.
With an IP endpoint the SDK switches to path-style addressing on its own.
"""
import json
import sys
import traceback

import alibabacloud_oss_v2 as oss


def make_client(cfg, secret=None, key_id=None, token=None, attempts=1):
    conf = oss.config.load_default()
    conf.credentials_provider = oss.credentials.StaticCredentialsProvider(
        key_id or cfg["accessKeyId"], secret or cfg["accessKeySecret"], token
    )
    conf.region = cfg["region"]
    conf.endpoint = cfg["endpoint"]
    conf.signature_version = cfg["signatureVersion"]
    conf.retry_max_attempts = attempts
    return oss.Client(conf)


def download_client(cfg):
    # get_object_to_file loops `for _ in range(1, retry attempts)`, so with one attempt it never
    # sends anything and returns None (SDK quirk, client.py); two attempts make it try once.
    return make_client(cfg, attempts=2)


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
        # (docs/oss.md §4.5), V4 uses `x-oss-security-token`.
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

    @case("list_objects_v1")
    def _():
        # list_objects is the v1 ListObjects; the SDK asks for encoding-type=url and decodes.
        c.put_object(oss.PutObjectRequest(bucket=b, key="pylist/a b+c.txt", body=b"1"))
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="pylist/link", target="pylist/a b+c.txt"))
        c.put_object(oss.PutObjectRequest(bucket=b, key="pylist/sub/x", body=b"22"))
        pages = []
        marker = None
        for _ in range(5):
            r = c.list_objects(oss.ListObjectsRequest(bucket=b, prefix="pylist/", delimiter="/", max_keys=2, marker=marker))
            pages.append({
                "contents": [[o.key, o.object_type, o.size] for o in (r.contents or [])],
                "prefixes": [p.prefix for p in (r.common_prefixes or [])],
                "truncated": r.is_truncated, "nextMarker": r.next_marker, "encodingType": r.encoding_type,
            })
            if not r.is_truncated:
                break
            marker = r.next_marker
        return pages

    @case("list_object_versions")
    def _():
        c.put_bucket_versioning(oss.PutBucketVersioningRequest(
            bucket=vb, versioning_configuration=oss.VersioningConfiguration(status="Enabled")))
        ids = []
        for target in ["py/v1", "py/v2", "py/v3"]:
            ids.insert(0, c.put_symlink(oss.PutSymlinkRequest(bucket=vb, key="pyhist/link", target=target)).version_id)
        c.delete_object(oss.DeleteObjectRequest(bucket=vb, key="pyhist/link"))
        seen = []
        key_marker = None
        version_marker = None
        for _ in range(6):
            r = c.list_object_versions(oss.ListObjectVersionsRequest(
                bucket=vb, prefix="pyhist/", max_keys=2, key_marker=key_marker, version_id_marker=version_marker))
            for m in (r.delete_marker or []):
                seen.append(["DeleteMarker", m.key, m.version_id, m.is_latest])
            for v in (r.version or []):
                seen.append(["Version", v.key, v.version_id, v.is_latest, v.object_type, v.size])
            if not r.is_truncated:
                break
            key_marker, version_marker = r.next_key_marker, r.next_version_id_marker
        return {"putIds": ids, "seen": seen}

    @case("target_space_plus_raw")
    def _():
        # This SDK puts the target into the header as given (no percent-encoding) and hands
        # GetSymlink's header back undecoded.
        c.put_object(oss.PutObjectRequest(bucket=b, key="py/a b+c.txt", body=b"spaced"))
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/spaced-link", target="py/a b+c.txt"))
        got = c.get_symlink(oss.GetSymlinkRequest(bucket=b, key="py/spaced-link"))
        body = c.get_object(oss.GetObjectRequest(bucket=b, key="py/spaced-link")).body.read().decode()
        return {"target": got.target, "body": body}

    @case("target_non_ascii")
    def _():
        # Sent raw, a non-Latin-1 target cannot even become an HTTP header in this SDK; a
        # caller who percent-encodes it (as ali-oss and Java do) gets a working link.
        from urllib.parse import quote
        c.put_object(oss.PutObjectRequest(bucket=b, key="py/目标 1.txt", body=b"cjk"))
        raw = "sent"
        try:
            c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/cjk-raw", target="py/目标 1.txt"))
        except Exception as e:  # noqa: BLE001
            raw = error_of(e)["code"]
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/cjk-link", target=quote("py/目标 1.txt", safe="/")))
        body = c.get_object(oss.GetObjectRequest(bucket=b, key="py/cjk-link")).body.read().decode()
        return {"raw": raw, "encodedBody": body}

    @case("crc_put_and_download")
    def _():
        # Upload and download CRC-64 checks are on by default in this SDK (config.py
        # disable_upload_crc64_check / disable_download_crc64_check).
        import tempfile, os
        put = c.put_object(oss.PutObjectRequest(bucket=b, key="py/crc.bin", body=b"123456789"))
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/crc-link", target="py/crc.bin"))
        fd, path = tempfile.mkstemp()
        os.close(fd)
        try:
            got = download_client(cfg).get_object_to_file(oss.GetObjectRequest(bucket=b, key="py/crc-link"), path)
            with open(path, "rb") as f:
                data = f.read().decode()
        finally:
            os.unlink(path)
        return {"putCrc": put.hash_crc64, "getCrc": got.hash_crc64, "data": data}

    @case("v4_date_only")
    def _():
        # This SDK's V4 signer always adds x-oss-date. The subclass below re-signs the same
        # request with the SDK's own step functions after removing it, so only Date says when
        # the request was signed (docs/server.md, "V4 signing date").
        class DateOnlySigner(oss.signer.SignerV4):
            def _auth_header(self, ctx):
                super()._auth_header(ctx)
                request = ctx.request
                del request.headers["x-oss-date"]
                when = ctx.signing_time.strftime("%Y%m%dT%H%M%SZ")
                scope = self._build_scope(date=when[:8], region=ctx.region or "", product=ctx.product or "")
                extra = self._common_additional_headers(request, ctx.additional_headers)
                canonical = self._calc_canonical_request(signing_ctx=ctx, additional_headers=extra)
                signature = self._calc_signature(
                    access_key_secrect=ctx.credentials.access_key_secret, date=when[:8], region=ctx.region or "",
                    product=ctx.product or "", string_to_sign=self._calc_string_to_sign(when, scope, canonical))
                request.headers["Authorization"] = (
                    f"OSS4-HMAC-SHA256 Credential={ctx.credentials.access_key_id}/{scope},Signature={signature}")
                sent.update({"xOssDate": "x-oss-date" in request.headers, "date": request.headers.get("Date")})

        sent = {}
        conf = oss.config.load_default()
        conf.credentials_provider = oss.credentials.StaticCredentialsProvider(cfg["accessKeyId"], cfg["accessKeySecret"])
        conf.region = cfg["region"]
        conf.endpoint = cfg["endpoint"]
        conf.retry_max_attempts = 1
        # Config.signer is not read (the client picks by signature_version); the keyword is.
        body = oss.Client(conf, signer=DateOnlySigner()).get_object(oss.GetObjectRequest(bucket=b, key="py/target.txt")).body.read().decode()
        return {"body": body, "sentXOssDate": sent["xOssDate"], "dateSent": sent["date"] is not None}

    @case("presigned_get")
    def _():
        import urllib.request
        c.put_symlink(oss.PutSymlinkRequest(bucket=b, key="py/presigned", target="py/target.txt"))
        p = c.presign(oss.GetObjectRequest(bucket=b, key="py/presigned"))
        with urllib.request.urlopen(p.url) as resp:  # noqa: S310 - loopback only
            return resp.read().decode()

    return out


def run_corrupt_crc(cfg):
    """Cases run while the server sends a wrong x-oss-hash-crc64ecma (its corruptCrc64 fault)."""
    c = make_client(cfg)
    b = cfg["bucket"]
    out = {}

    def case(name, fn):
        try:
            out[name] = {"ok": True, "value": fn()}
        except Exception as e:  # noqa: BLE001 - every failure is data for the jest test
            out[name] = {"ok": False, "error": error_of(e), "trace": traceback.format_exc(limit=3)}

    case("corrupt_put", lambda: c.put_object(oss.PutObjectRequest(bucket=b, key="py/corrupt.bin", body=b"abc")).status_code)

    def download():
        import tempfile, os
        fd, path = tempfile.mkstemp()
        os.close(fd)
        try:
            return download_client(cfg).get_object_to_file(oss.GetObjectRequest(bucket=b, key="py/crc-link"), path).status_code
        finally:
            os.unlink(path)
    case("corrupt_download_through_link", download)
    return out


if __name__ == "__main__":
    config = json.loads(sys.argv[1])
    print(json.dumps(run_corrupt_crc(config) if config.get("mode") == "corrupt-crc" else run(config)))
