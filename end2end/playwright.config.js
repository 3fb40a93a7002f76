// Playwright drives Debian's Chromium against the release server, started here on a fresh data
// directory with the demo data. Specs run twice: hydrated, and with JavaScript disabled.
const { defineConfig } = require('@playwright/test');
const fs = require('fs');
const os = require('os');
const path = require('path');

const port = process.env.E2E_PORT || '3123';
const dataDir = process.env.E2E_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'agora-e2e-'));
process.env.E2E_DATA_DIR = dataDir;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

module.exports = defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: chromium,
    locale: 'en-GB',
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: '../target/release/server serve --seed-demo-if-empty',
    url: `http://127.0.0.1:${port}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: '../target/site',
      LEPTOS_OUTPUT_NAME: 'agora',
      AGORA_DATA_DIR: dataDir,
      // The suite fills forms faster than people and registers dozens from one address; the
      // integration tests check both limits with their defaults.
      AGORA_FORM_MIN_SECONDS: '0',
      AGORA_REGISTRATIONS_PER_HOUR: '100000',
      DATABASE_URL: '',
      RUST_LOG: 'warn',
    },
  },
});
