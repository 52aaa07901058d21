import { describe, expect, it } from 'vitest';
import type { Diagnostics } from '../../electron/shared/models.ts';
import { aboutLine, clipboardWriter, copyDiagnostics, COPIED_MESSAGE } from './copy-diagnostics.ts';

const report: Diagnostics = {
  generatedAt: '2026-11-24T12:00:00.000Z',
  versions: { broadsheet: '0.1.0', shell: 'web host' },
  data: { databaseBytes: 1, imagesBytes: 0, backupsBytes: 0, sources: 0, articles: 0, bookmarked: 0, saved: 0, images: 0, schemaVersion: 5 },
  recentErrors: [],
  text: 'Broadsheet diagnostics\n',
};

describe('copyDiagnostics', () => {
  it('puts the report’s text on the clipboard', async () => {
    const written: string[] = [];
    const outcome = await copyDiagnostics(async () => report, async (text) => void written.push(text));
    expect(outcome).toEqual({ copied: true, text: report.text });
    expect(written).toEqual([report.text]);
  });

  it('hands the text back for copying by hand when the clipboard refuses or is missing', async () => {
    const refused = await copyDiagnostics(async () => report, async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    expect(refused).toEqual({ copied: false, text: report.text });
    expect(await copyDiagnostics(async () => report, null)).toEqual({ copied: false, text: report.text });
  });

  it('fails when the report cannot be made, and copies nothing', async () => {
    const written: string[] = [];
    const failing = copyDiagnostics(
      async () => {
        throw new Error('The library has been closed.');
      },
      async (text) => void written.push(text),
    );
    await expect(failing).rejects.toThrow('The library has been closed.');
    expect(written).toEqual([]);
  });

  it('says in its confirmation that no articles are in it', () => {
    expect(COPIED_MESSAGE).toBe('Diagnostics copied. They hold versions, sizes and recent errors — no articles.');
  });
});

describe('clipboardWriter', () => {
  it('is null without a clipboard (an insecure page), and writes through it otherwise', async () => {
    expect(clipboardWriter(undefined)).toBeNull();
    expect(clipboardWriter({})).toBeNull();
    const written: string[] = [];
    const write = clipboardWriter({ clipboard: { writeText: async (text: string) => void written.push(text) } });
    await write?.('hello');
    expect(written).toEqual(['hello']);
  });
});

describe('aboutLine', () => {
  it('names the version and the shell it runs in, leaving out what is not known', () => {
    expect(aboutLine(report)).toBe('Broadsheet 0.1.0, web host');
    expect(aboutLine({ versions: { broadsheet: 'unknown', shell: 'Electron app' } })).toBe('Broadsheet, Electron app');
    expect(aboutLine({ versions: { broadsheet: '2.0.0', shell: 'not named' } })).toBe('Broadsheet 2.0.0');
  });
});
