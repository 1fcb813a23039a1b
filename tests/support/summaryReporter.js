// Prints one plain closing line, `jest: N passed, N failed, N skipped`, after jest's own
// summary, so that tools reading only the last line of a run see the counts.
"use strict";

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`jest: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped`);
  }
}

module.exports = SummaryReporter;
