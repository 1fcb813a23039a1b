/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  globalSetup: "<rootDir>/tests/support/globalSetup.js",
  testTimeout: 60000,
  maxWorkers: 2,
  verbose: false,
  reporters: ["default", "<rootDir>/tests/support/summaryReporter.js"],
};
