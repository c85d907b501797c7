import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/** End to end: the `recto` command as a user runs it, real OCR, real files. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/recto.js');
const BAD = path.join(ROOT, 'test/bad-input/text-file-named.png');
let dir: string;

function recto(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recto scan (CLI)', () => {
  it('scans good files, reports the bad one in one line, exits non-zero, and prints a JSON summary', () => {
    const out = path.join(dir, 'json');
    const run = recto('scan', path.join(SAMPLES_DIR, 'fax-g4-2pages.tif'), path.join(SAMPLES_DIR, 'upside-down.png'), BAD, '--out', out, '--json', '--workers', '2');
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ documents: 3, succeeded: 2, failed: 1, pages: 3 });
    expect(summary.meanConfidence).toBeGreaterThan(80);
    const failureLines = run.stderr.split('\n').filter((line) => line.startsWith('✗'));
    expect(failureLines).toHaveLength(1);
    expect(failureLines[0]).toMatch(/text-file-named\.png: WRONG_FILE_TYPE: .+ — .+/);
    for (const stem of ['fax-g4-2pages', 'upside-down']) {
      for (const extension of ['pdf', 'txt', 'json']) expect(existsSync(path.join(out, `${stem}.${extension}`))).toBe(true);
    }
    expect(readFileSync(path.join(out, 'upside-down.txt'), 'utf8')).toMatch(/NHS No/);
  });

  it('prints the summary table for people and exits 0 when all is well', () => {
    const out = path.join(dir, 'table');
    const run = recto('scan', path.join(SAMPLES_DIR, 'blank-page.png'), '--out', out, '--drop-blank');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Recto scan summary/);
    expect(run.stdout).toMatch(/Documents\s+1 done, 0 failed/);
    expect(run.stdout).toMatch(/Blank pages flagged\s+1/);
    // Every page blank and dropped: no PDF, but the text and the sidecar say what happened.
    expect(existsSync(path.join(out, 'blank-page.pdf'))).toBe(false);
    const sidecar = JSON.parse(readFileSync(path.join(out, 'blank-page.json'), 'utf8'));
    expect(sidecar.pages[0]).toMatchObject({ blank: true, dropped: true });
  });

  it('says once, with what to do, that a folder holds no scans or a path does not exist, and exits 3 (not found)', () => {
    const empty = path.join(dir, 'empty-hot-folder');
    mkdirSync(path.join(empty, '2026-11-30'), { recursive: true });
    const run = recto('scan', empty, path.join(dir, 'misspelt-folder'), '--out', path.join(dir, 'none'), '--no-progress');
    // Every failure is of one kind, "not found": its exit status, so a script can tell it from bad scans (1).
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/Documents\s+0 done, 2 failed \(of 2\)/);
    const failureLines = run.stderr.split('\n').filter((line) => line.startsWith('✗'));
    expect(failureLines).toEqual([
      `✗ ${path.join(dir, 'misspelt-folder')}: INPUT_NOT_FOUND: no such file or folder — Check the spelling of the path, and that this account may read it.`,
      `✗ ${empty}: NO_SCANS_FOUND: no scans found in this folder (its sub-folders are read only with --recursive) — Point at the folder that holds the scans (hidden files are skipped), or add --recursive to read its sub-folders.`,
    ]);
  });

  it('refuses invalid options before doing any work, with exit status 2 (usage)', () => {
    const run = recto('scan', SAMPLES_DIR, '--out', path.join(dir, 'bad'), '--workers', 'zero');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^recto scan: INVALID_OPTIONS: [\s\S]*workers/);
    // Said once: one line naming the problem, one saying what to do.
    expect(run.stderr.match(/recto scan:/g)).toHaveLength(1);
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
    // Options the command does not know, or a missing required one, are usage errors too (commander's own 1 is Recto's "documents failed").
    expect(recto('scan', SAMPLES_DIR, '--out', path.join(dir, 'bad'), '--no-such-option').status).toBe(2);
    expect(recto('scan', SAMPLES_DIR).status).toBe(2);
    expect(recto('no-such-command').status).toBe(2);
    expect(recto('--version').status).toBe(0);
  });
});

describe('recto scan --trust-config (filing as the service decides it)', () => {
  const EXAMPLE_CONFIG = path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json');
  const GP_RECORD = path.join(SAMPLES_DIR, 'fields-gp-record-lloyd-george.png');
  const INVALID_NHS = path.join(SAMPLES_DIR, 'fields-outpatient-letter-invalid-nhs.png');

  /** The example trust, delivering only to a Lloyd George file drop in a temporary folder. */
  function fileDropTrust(): { config: string; drop: string } {
    const trust = mkdtempSync(path.join(dir, 'trust-'));
    copyFileSync(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'), path.join(trust, 'patients.csv'));
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));
    const config = {
      custodianOds: example.custodianOds,
      extraction: example.extraction,
      matching: example.matching,
      patientIndex: { type: 'csv', path: 'patients.csv' },
      sinks: [{ name: 'lloyd-george', type: 'file-drop', folder: 'drop', scanId: 'RZZ-RECORDS' }],
      routing: [{ sink: 'lloyd-george', documentTypes: ['gp-record'] }],
    };
    writeFileSync(path.join(trust, 'trust.json'), JSON.stringify(config));
    return { config: path.join(trust, 'trust.json'), drop: path.join(trust, 'drop') };
  }

  it('prints each decision in the summary table: the patient filed to, or every reason for review', () => {
    const run = recto('scan', GP_RECORD, INVALID_NHS, '--out', path.join(dir, 'decisions'), '--trust-config', EXAMPLE_CONFIG, '--no-progress');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Filed\s+1\n/);
    expect(run.stdout).toMatch(/To review\s+1\n/);
    const lines = run.stdout.split('\n');
    const after = (name: string) => lines[lines.findIndex((line) => line.includes(name)) + 1];
    expect(after('fields-gp-record-lloyd-george.png')).toMatch(/filed: 999 322 5010 Margaret Ellen THORNTON → lloyd-george$/);
    expect(after('fields-outpatient-letter-invalid-nhs.png')).toMatch(/review: .*NO_NHS_NUMBER/);
    // The sidecar carries what extraction read, as the service's does.
    const sidecar = JSON.parse(readFileSync(path.join(dir, 'decisions', 'fields-gp-record-lloyd-george.json'), 'utf8'));
    expect(sidecar.schemaVersion).toBe(2);
    expect(sidecar.fields.nhsNumbers[0]).toMatchObject({ value: '9993225010', foundAt: { page: 0 } });
    expect(sidecar.fields.documentType.key).toBe('gp-record');
  });

  it('with --deliver, sends the filed document to its file drop and nothing for the one in review; --json says so; records and audits it, and a re-run sends nothing twice', async () => {
    const { config, drop } = fileDropTrust();
    const out = path.join(dir, 'delivered');
    const dataDir = path.join(dir, 'deliver-data');
    const run = recto('scan', GP_RECORD, INVALID_NHS, '--out', out, '--trust-config', config, '--deliver', '--data-dir', dataDir, '--json', '--no-progress');
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.filing).toEqual({ filed: 1, review: 1, failed: 0, delivered: 1, deliveriesFailed: 0 });
    const byName = (name: string) => summary.results.find((result: { fileName: string }) => result.fileName === name);
    expect(byName('fields-gp-record-lloyd-george.png').filing).toEqual({
      outcome: 'file',
      patient: { nhsNumber: '9993225010', given: ['Margaret', 'Ellen'], family: 'Thornton' },
      sinks: ['lloyd-george'],
      deliveries: [{ sink: 'lloyd-george', status: 'delivered', remoteId: expect.stringMatching(/^Z99033\/.*Thornton.*9993225010/), alreadyDelivered: false }],
    });
    const review = byName('fields-outpatient-letter-invalid-nhs.png').filing;
    expect(review.outcome).toBe('review');
    expect(review.reasons.map((reason: { code: string }) => reason.code)).toContain('NO_NHS_NUMBER');
    expect(review).not.toHaveProperty('deliveries');

    // One PDF (the one recto scan wrote) and one metadata row: nothing for the document in review.
    expect(readdirSync(drop).filter((name) => !name.startsWith('.')).sort()).toEqual(['Z99033', 'metadata.csv']);
    const [dropped] = readdirSync(path.join(drop, 'Z99033'));
    expect(readFileSync(path.join(drop, 'Z99033', dropped))).toEqual(readFileSync(path.join(out, 'fields-gp-record-lloyd-george.pdf')));
    expect(readFileSync(path.join(drop, 'metadata.csv'), 'utf8').trim().split('\n')).toHaveLength(2);

    // Recorded and audited in the data folder as the service records its deliveries, by the person who ran it.
    const documentId = `sha256:${JSON.parse(readFileSync(path.join(out, 'fields-gp-record-lloyd-george.json'), 'utf8')).source.sha256}`;
    const storage = openEmbeddedStorage({ dataDir });
    try {
      const delivered = (await storage.audit.trailOf(documentId)).filter((event) => event.action === 'document.delivered');
      expect(delivered).toEqual([expect.objectContaining({ actor: `cli:${os.userInfo().username}`, details: expect.objectContaining({ sink: 'lloyd-george' }) })]);
    } finally {
      await storage.close();
    }
    const again = recto('scan', GP_RECORD, '--out', path.join(dir, 'delivered-again'), '--trust-config', config, '--deliver', '--data-dir', dataDir, '--json', '--no-progress');
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).results[0].filing.deliveries).toEqual([expect.objectContaining({ status: 'delivered', alreadyDelivered: true })]);
    expect(readFileSync(path.join(drop, 'metadata.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('refuses a missing (3) or broken (4) trust config, and --deliver without one (2), before reading any scan', () => {
    const out = path.join(dir, 'not-started');
    const missing = recto('scan', GP_RECORD, '--out', out, '--trust-config', path.join(dir, 'no-such-trust.json'));
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/recto scan: INPUT_NOT_FOUND: trust config .*no-such-trust\.json could not be read/);

    const typo = path.join(dir, 'typo-trust.json');
    writeFileSync(typo, JSON.stringify({ ...JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')), custodianODS: 'RZZ' }));
    const broken = recto('scan', GP_RECORD, '--out', out, '--trust-config', typo);
    expect(broken.status).toBe(4);
    expect(broken.stderr).toMatch(/recto scan: INVALID_TRUST_CONFIG: trust config .*typo-trust\.json is not valid/);
    expect(broken.stderr).toMatch(/custodianODS/);

    const alone = recto('scan', GP_RECORD, '--out', out, '--deliver');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--deliver needs --trust-config/);
    expect(existsSync(out)).toBe(false);
  });
});
