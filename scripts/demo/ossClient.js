// The library's own OSS client, loaded by package name as a user would.
"use strict";

const { createOssClient } = require("pulumi-oss-symlink/oss");

/**
 * A client for the local server (path-style addressing is the default for IP endpoints). One
 * attempt per request: a retried GET would hide a link that was briefly missing from the poller.
 */
function createDemoClient({ endpoint, region, accessKeyId, accessKeySecret }) {
  return createOssClient({ region, endpoint, credentials: { accessKeyId, accessKeySecret }, maxAttempts: 1, timeoutMs: 5000 });
}

module.exports = { createDemoClient };
