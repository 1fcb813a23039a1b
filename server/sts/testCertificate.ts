/**
 * {@link createTestCertificate}: a throwaway CA and a server certificate for 127.0.0.1 /
 * localhost, made at test time with the `openssl` command (Node's crypto can make keys but not
 * X.509 certificates). Trust the CA in a child process with `NODE_EXTRA_CA_CERTS=<caFile>`, or in
 * the current one with `tls.setDefaultCACertificates` (docs/server.md, "STS and credentials URI").
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM material of a test CA and the leaf it signed. */
export interface TestCertificate {
  /** Server private key (PEM). */
  key: string;
  /** Server certificate (PEM), SAN `IP:127.0.0.1, DNS:localhost`. */
  cert: string;
  /** CA certificate (PEM) to trust. */
  caPem: string;
  /** Path of a file holding `caPem`, for `NODE_EXTRA_CA_CERTS`. */
  caFile: string;
  /** Directory holding the files. */
  dir: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === "ENOENT") throw new Error("createTestCertificate needs the `openssl` command on PATH (apt-get install openssl).");
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString("utf8").trim() ?? e.message}`);
  }
}

/** Generates the CA and leaf in a new temporary directory (valid one day, EC P-256 keys). */
export function createTestCertificate(dir: string = mkdtempSync(join(tmpdir(), "oss-sts-tls-"))): TestCertificate {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=pulumi-oss-symlink test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  openssl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], dir);
  writeFileSync(join(dir, "server.ext"),
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
    "-days", "1", "-extfile", "server.ext"], dir);
  return {
    key: readFileSync(join(dir, "server.key"), "utf8"),
    cert: readFileSync(join(dir, "server.pem"), "utf8"),
    caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
    caFile: join(dir, "ca.pem"),
    dir,
  };
}
