// The command line's dispatcher: parses the arguments, opens the library the
// command needs, prints the outcome. Exit codes: 0 success, 1 failure (the
// network, the library, a feed), 2 a usage mistake.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { defaultDataDir } from '../core/paths.ts';
import { ApiError } from '../shared/errors.ts';
import { methods } from '../shared/api.ts';
import { ExportRequestSchema, type ArticlePage, type ArticleSummary } from '../shared/models.ts';
import { openCliLibrary } from './open-library.ts';
import { packageVersion } from '../core/diagnostics/package-version.ts';
import { commands, helpText, isCommandName, optionConfig, UsageError, type CommandName, type CommandSpec, type OptionName } from './usage.ts';
import { formatArticle, formatArticleList, formatBackups, formatCandidates, formatSearchResults, formatSources } from './format.ts';
import { parseFeedCommand } from './parse-feed-command.ts';
import { extractCommand } from './extract-command.ts';
import { closeOnSignals, startWebHost } from '../host/main.ts';
import { decodeBody } from '../core/feeds/feed-charset.ts';
import { formatFolders, formatOpmlSummary } from './format.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface Parsed {
  command: CommandName;
  positionals: string[];
  values: Partial<Record<OptionName, string | boolean>>;
}

export function parseCommandLine(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: optionConfig, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(plainParseError(error));
  }
  const [name, ...positionals] = parsed.positionals;
  const values = parsed.values as Parsed['values'];
  if (name === undefined) return { command: 'help', positionals: [], values };
  if (!isCommandName(name)) throw new UsageError(`"${name}" is not a broadsheet command.`);
  const spec: CommandSpec = commands[name];
  const allowed = new Set<OptionName>([...spec.options, 'data-dir', 'help']);
  for (const token of parsed.tokens) {
    if (token.kind === 'option' && !allowed.has(token.name as OptionName)) {
      throw new UsageError(`"${name}" does not take --${token.name}.`);
    }
  }
  if (values.help) return { command: 'help', positionals: [name], values };
  if (name === 'help') {
    if (positionals.length > 1) throw new UsageError('"help" takes at most one command name.');
    return { command: name, positionals, values };
  }
  if (positionals.length < spec.positionals.length) {
    throw new UsageError(`"${name}" needs ${spec.positionals.join(' ')}.`);
  }
  if (positionals.length > (spec.maxPositionals ?? spec.positionals.length)) {
    throw new UsageError(`"${name}" got an unexpected argument "${positionals[spec.positionals.length]}".`);
  }
  if (values.unread && values.bookmarked) throw new UsageError('Choose either --unread or --bookmarked, not both.');
  return { command: name, positionals, values };
}

function plainParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `There is no option ${unknown[1]}.`;
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value.`;
  return message.split('\n')[0] ?? message;
}

function parseId(text: string | undefined): number {
  const id = Number(text);
  if (!text || !/^\d+$/.test(text) || !methods.getArticle.args.safeParse([id]).success) {
    throw new UsageError(`"${text ?? ''}" is not an article id; ids are the numbers "broadsheet list" shows.`);
  }
  return id;
}

function parseIntOption(name: string, text: string | boolean | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const { command, positionals, values } = parseCommandLine(argv);
    if (values.version) {
      io.stdout(`broadsheet ${packageVersion()}\n`);
      return 0;
    }
    const dataDir = path.resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir());
    const json = values.json === true;
    const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

    switch (command) {
      case 'help': {
        const topic = positionals[0];
        if (topic !== undefined && !isCommandName(topic)) throw new UsageError(`"${topic}" is not a broadsheet command.`);
        io.stdout(helpText(topic));
        return 0;
      }
      case 'parse-feed': {
        print(await parseFeedCommand(positionals[0] ?? ''));
        return 0;
      }
      case 'extract': {
        const pageUrl = typeof values.url === 'string' ? values.url : undefined;
        print(await extractCommand(positionals[0] ?? '', pageUrl));
        return 0;
      }
      case 'serve': {
        const port = parseIntOption('port', values.port, 0, 65535);
        const running = await startWebHost({ dataDir, ...(port !== undefined ? { port } : {}) });
        io.stdout(`Broadsheet is serving your library (${dataDir}) at:\n\n  ${running.url}\n\nOpen that address in your browser. Press Ctrl+C to stop.\n`);
        closeOnSignals(running);
        // The host keeps the process alive until a signal closes it.
        return await new Promise<number>(() => {});
      }
      default:
        break;
    }

    const library = await openCliLibrary(dataDir, readsOnly(command, positionals) ? 'read' : 'write');
    try {
      switch (command) {
        case 'add': {
          const source = await library.call('addFeed', positionals[0] ?? '');
          if (json) print(source);
          else
            io.stdout(
              `Subscribed to “${source.title}” (${source.articleCount} ${source.articleCount === 1 ? 'article' : 'articles'}). Its id is ${source.id}.\n`,
            );
          return 0;
        }
        case 'discover': {
          const result = await library.call('discoverFeeds', positionals[0] ?? '');
          if (json) print(result);
          else io.stdout(formatCandidates(result.candidates));
          return 0;
        }
        case 'folders': {
          const folders = await library.call('listFolders');
          if (json) print(folders);
          else io.stdout(formatFolders(folders) || 'No folders yet. Importing an OPML file with folders creates them: broadsheet opml import FILE\n');
          return 0;
        }
        case 'opml': {
          const [action, file] = positionals;
          if (action === 'import') {
            if (file === undefined) throw new UsageError('"opml import" needs the FILE to import.');
            const text = await readOpmlFile(path.resolve(file));
            const summary = await library.call('importOpml', { text, fileName: path.basename(file) });
            if (json) print(summary);
            else io.stdout(formatOpmlSummary(summary));
            return 0;
          }
          if (action === 'export') {
            const exported = await library.call('exportOpml');
            if (file === undefined) {
              io.stdout(exported.content);
            } else {
              const out = path.resolve(file);
              await writeFile(out, exported.content);
              io.stdout(`Wrote your subscriptions to ${out}.\n`);
            }
            return 0;
          }
          throw new UsageError('"opml" is followed by import FILE or export [FILE].');
        }
        case 'sources': {
          const sources = await library.call('listSources');
          if (json) print(sources);
          else io.stdout(formatSources(sources) || 'No feeds yet. Subscribe to one with: broadsheet add URL\n');
          return 0;
        }
        case 'refresh': {
          const result = await library.call('refresh');
          if (json) {
            print(result);
          } else if (result.sources === 0) {
            io.stdout('No feeds to refresh yet. Subscribe to one with: broadsheet add URL\n');
          } else {
            const feeds = `${result.sources} ${result.sources === 1 ? 'feed' : 'feeds'}`;
            const fresh = `${result.newArticles} new ${result.newArticles === 1 ? 'article' : 'articles'}`;
            io.stdout(`Refreshed ${feeds}: ${fresh}.\n`);
          }
          if (result.offline) {
            // One calm line rather than the same network failure once per feed.
            io.stderr('broadsheet: no feed could be reached; this computer seems to be offline.\n');
            return 1;
          }
          if (result.failed > 0) {
            const failing = (await library.call('listSources')).filter((s) => s.lastError);
            for (const s of failing) io.stderr(`broadsheet: “${s.title}” could not be refreshed: ${s.lastError}\n`);
            return 1;
          }
          return 0;
        }
        case 'list': {
          const limit = parseIntOption('limit', values.limit, 1, 10_000) ?? 50;
          const view = values.unread ? 'unread' : values.bookmarked ? 'bookmarked' : 'all';
          const items: ArticleSummary[] = [];
          let cursor: string | undefined;
          do {
            const page: ArticlePage = await library.call('listArticles', { view, limit: Math.min(500, limit - items.length), ...(cursor ? { cursor } : {}) });
            items.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor && items.length < limit);
          if (json) print(items);
          else if (items.length > 0) io.stdout(formatArticleList(items));
          else io.stdout(emptyListMessage(view));
          return 0;
        }
        case 'show': {
          const article = await library.call('getArticle', parseId(positionals[0]));
          io.stdout(json ? `${JSON.stringify(article, null, 2)}\n` : formatArticle(article));
          return 0;
        }
        case 'bookmark': {
          const id = parseId(positionals[0]);
          const article = await library.call('getArticle', id);
          const on = values.off !== true;
          await library.call('setBookmarked', id, on);
          io.stdout(on ? `Bookmarked “${article.title}”.\n` : `Removed the bookmark from “${article.title}”.\n`);
          return 0;
        }
        case 'search': {
          const limit = parseIntOption('limit', values.limit, 1, 200) ?? 20;
          const result = await library.call('search', { query: positionals.join(' '), limit });
          if (json) print(result);
          else if (result.items.length > 0) io.stdout(formatSearchResults(result));
          else io.stdout('Nothing matches that search.\n');
          return 0;
        }
        case 'export': {
          const request = parseExportRequest(values.format, values.scope);
          const file = await library.call('exportArticles', request);
          if (typeof values.out === 'string') {
            const out = path.resolve(values.out);
            await writeFile(out, file.content);
            io.stdout(`Wrote ${file.articles} ${file.articles === 1 ? 'article' : 'articles'} to ${out}.\n`);
          } else {
            io.stdout(file.content);
          }
          return 0;
        }
        case 'backup': {
          const backup = await library.call('createBackup');
          if (json) print(backup);
          else io.stdout(`Backed up ${backup.articles} ${backup.articles === 1 ? 'article' : 'articles'} to ${path.join(dataDir, 'backups', backup.name)}.\n`);
          return 0;
        }
        case 'restore': {
          const name = positionals[0];
          if (name === undefined) {
            const backups = await library.call('listBackups');
            if (json) print(backups);
            else io.stdout(formatBackups(backups) || 'No backups yet. Make one with: broadsheet backup\n');
            return 0;
          }
          await library.call('restoreBackup', name);
          io.stdout(`Restored ${name}. The library as it was is kept in ${dataDir}${path.sep}before-restore-….\n`);
          return 0;
        }
        case 'diagnostics': {
          const report = await library.call('getDiagnostics');
          if (json) print(report);
          else io.stdout(report.text);
          return 0;
        }
        case 'read': {
          const id = parseId(positionals[0]);
          const article = await library.call('getArticle', id);
          const read = values.unread !== true;
          await library.call('setRead', [id], read);
          io.stdout(`Marked “${article.title}” as ${read ? 'read' : 'unread'}.\n`);
          return 0;
        }
      }
    } finally {
      library.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`broadsheet: ${error.message} Run "broadsheet help" for usage.\n`);
      return 2;
    }
    io.stderr(`broadsheet: ${failureMessage(error)}\n`);
    return 1;
  }
}

/**
 * Commands that only read the library, and so may run while the app or the web
 * host has it open. `discover` is not one: typing the address of a feed an OPML
 * file brought in makes it the reader's own, which is a write.
 */
const READ_ONLY_COMMANDS: ReadonlySet<CommandName> = new Set(['sources', 'folders', 'list', 'show', 'search', 'export', 'diagnostics']);

function readsOnly(command: CommandName, positionals: readonly string[]): boolean {
  if (READ_ONLY_COMMANDS.has(command)) return true;
  // Exporting subscriptions, and listing backups (restore with no name), read only.
  return (command === 'opml' && positionals[0] === 'export') || (command === 'restore' && positionals[0] === undefined);
}

function parseExportRequest(format: string | boolean | undefined, scope: string | boolean | undefined) {
  const parsed = ExportRequestSchema.safeParse({ format, scope });
  if (parsed.success) return parsed.data;
  if (typeof format !== 'string' || !['markdown', 'html', 'json'].includes(format)) {
    throw new UsageError('--format must be markdown, html or json.');
  }
  throw new UsageError('--scope must be bookmarked, saved or both.');
}

/** Reads an OPML file in whatever encoding it declares (a BOM, else its XML declaration, else UTF-8). */
async function readOpmlFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `There is no file ${file}.` : `Broadsheet cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return decodeBody(bytes, null);
}

function emptyListMessage(view: 'all' | 'unread' | 'bookmarked'): string {
  if (view === 'unread') return 'Nothing unread.\n';
  if (view === 'bookmarked') return 'No bookmarks yet. Bookmark an article with: broadsheet bookmark ID\n';
  return 'No articles yet. Subscribe to a feed with: broadsheet add URL\n';
}

function failureMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'Something went wrong.';
  return 'Something went wrong.';
}
