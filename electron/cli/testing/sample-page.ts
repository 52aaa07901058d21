// A page saved into a library from a file, as the command-line tests prepare
// one: long enough for extraction to keep it, and needing no network.
import { openLibrary, type Library } from '../../core/library.ts';
import { createConfSettingsStore } from '../../core/settings-conf.ts';

export interface SamplePage {
  title: string;
  /** The sentence each of its six paragraphs repeats. */
  sentence: string;
  url: string;
}

/** Imports the page and returns its article id. */
export async function importSamplePage(library: Library, page: SamplePage): Promise<number> {
  const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i}: ${page.sentence}</p>`).join('');
  const saved = await library.importHtml({
    html: `<!doctype html><html lang="en"><head><title>${page.title}</title></head><body><article><h1>${page.title}</h1>${body}</article></body></html>`,
    url: page.url,
  });
  return saved.id;
}

/** Makes `dataDir` a library holding just that page, closed again for the command line to open. */
export async function libraryWithSamplePage(dataDir: string, page: SamplePage): Promise<void> {
  const library = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }) });
  try {
    await importSamplePage(library, page);
  } finally {
    library.close();
  }
}
