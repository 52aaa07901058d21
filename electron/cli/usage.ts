// What the command line accepts, written once: the parser, the help text and
// the per-command checks all read this table.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionName =
  | 'data-dir'
  | 'unread'
  | 'bookmarked'
  | 'off'
  | 'port'
  | 'json'
  | 'limit'
  | 'url'
  | 'format'
  | 'scope'
  | 'out'
  | 'help'
  | 'version';

export interface CommandSpec {
  /** e.g. "add URL" */
  synopsis: string;
  summary: string;
  /** Names of the positional arguments this command requires, in order. */
  positionals: string[];
  /** When more positionals than required are allowed (search words, an optional name). */
  maxPositionals?: number;
  options: OptionName[];
}

export const commands = {
  add: { synopsis: 'add URL', summary: 'Subscribe to the feed at URL and fetch its articles.', positionals: ['URL'], options: ['json'] },
  discover: {
    synopsis: 'discover ADDRESS',
    summary: 'Find the feeds of a site, a page or a feed (example.com will do), with their newest items, without subscribing.',
    positionals: ['ADDRESS'],
    options: ['json'],
  },
  sources: { synopsis: 'sources', summary: 'List your feeds with their ids and unread counts.', positionals: [], options: ['json'] },
  folders: { synopsis: 'folders', summary: 'List your folders, nested, with their unread counts.', positionals: [], options: ['json'] },
  opml: {
    synopsis: 'opml import FILE | opml export [FILE]',
    summary: 'Subscribe to every feed in an OPML file, folders included; or write your subscriptions as OPML (to FILE, else to the screen).',
    positionals: ['import|export'],
    maxPositionals: 2,
    options: ['json'],
  },
  refresh: { synopsis: 'refresh', summary: 'Fetch new articles from every feed.', positionals: [], options: ['json'] },
  list: {
    synopsis: 'list [--unread | --bookmarked] [--limit N]',
    summary: 'List articles, newest first (50 unless --limit says otherwise).',
    positionals: [],
    options: ['unread', 'bookmarked', 'limit', 'json'],
  },
  show: { synopsis: 'show ID', summary: 'Print one article as text.', positionals: ['ID'], options: ['json'] },
  bookmark: { synopsis: 'bookmark ID [--off]', summary: 'Bookmark an article (or remove the bookmark with --off).', positionals: ['ID'], options: ['off'] },
  read: { synopsis: 'read ID [--unread]', summary: 'Mark an article as read (or unread with --unread).', positionals: ['ID'], options: ['unread'] },
  search: {
    synopsis: 'search QUERY [--limit N]',
    summary: 'Search every article: words match by their beginning, "quoted phrases" exactly.',
    positionals: ['QUERY'],
    // Unquoted words arrive one per argument; they are one search.
    maxPositionals: 100,
    options: ['limit', 'json'],
  },
  export: {
    synopsis: 'export --format F --scope S [--out FILE]',
    summary: 'Write bookmarks and/or saved articles as markdown, html or json (to FILE, else to the screen).',
    positionals: [],
    options: ['format', 'scope', 'out'],
  },
  backup: {
    synopsis: 'backup',
    summary: 'Write a backup of the whole library (database and images) to its backups folder.',
    positionals: [],
    options: ['json'],
  },
  restore: {
    synopsis: 'restore [NAME]',
    summary: 'Replace the library with the backup NAME (the library as it was is kept aside); without NAME, list the backups.',
    positionals: [],
    maxPositionals: 1,
    options: ['json'],
  },
  diagnostics: {
    synopsis: 'diagnostics',
    summary: 'Print versions, library sizes and recent errors, to paste into a bug report (no article text, titles or addresses).',
    positionals: [],
    options: ['json'],
  },
  serve: {
    synopsis: 'serve [--port N]',
    summary: 'Serve the app in your browser on this computer only (127.0.0.1).',
    positionals: [],
    options: ['port'],
  },
  'parse-feed': {
    synopsis: 'parse-feed FILE|URL',
    summary: 'Print a feed (RSS, Atom, RDF or JSON Feed) as JSON, without saving anything.',
    positionals: ['FILE|URL'],
    options: [],
  },
  extract: {
    synopsis: 'extract FILE|URL [--url PAGE_URL]',
    summary: 'Print the article in a web page (a saved file or an address) as JSON, without saving anything.',
    positionals: ['FILE|URL'],
    options: ['url'],
  },
  help: { synopsis: 'help [COMMAND]', summary: 'Show this help, or the help for one command.', positionals: [], options: [] },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

export const optionConfig = {
  'data-dir': { type: 'string' },
  unread: { type: 'boolean' },
  bookmarked: { type: 'boolean' },
  off: { type: 'boolean' },
  port: { type: 'string' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  url: { type: 'string' },
  format: { type: 'string' },
  scope: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies Record<OptionName, { type: 'string' | 'boolean'; short?: string }>;

const optionHelp: Record<Exclude<OptionName, 'help' | 'version'>, string> = {
  'data-dir': '--data-dir DIR  the library folder (default: $BROADSHEET_DATA_DIR or your system’s app-data folder)',
  unread: '--unread       only unread articles (list); mark as unread (read)',
  bookmarked: '--bookmarked   only bookmarked articles',
  off: '--off          remove the bookmark',
  port: '--port N       listen on port N (default: any free port)',
  json: '--json         print JSON instead of text',
  limit: '--limit N      at most N articles (1–10000)',
  url: '--url PAGE_URL  the page’s own address, for its links and images (default: the file’s canonical address)',
  format: '--format F     markdown, html or json',
  scope: '--scope S      bookmarked, saved or both',
  out: '--out FILE     write to FILE instead of the screen',
};

export function helpText(command?: CommandName): string {
  if (command) {
    const spec: CommandSpec = commands[command];
    const options = [...spec.options, 'data-dir' as const].filter((o) => o !== 'help' && o !== 'version');
    return [
      `Usage: broadsheet ${spec.synopsis} [--data-dir DIR]`,
      '',
      spec.summary,
      '',
      'Options:',
      ...options.map((o) => `  ${optionHelp[o as keyof typeof optionHelp]}`),
      '',
    ].join('\n');
  }
  const width = Math.max(...Object.values(commands).map((c) => c.synopsis.length));
  return [
    'Broadsheet — an offline-first news reader, from the command line.',
    '',
    'Usage: broadsheet COMMAND [options] [--data-dir DIR]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.synopsis.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes:',
    `  ${optionHelp['data-dir']}`,
    '',
    'Run "broadsheet help COMMAND" for one command’s options.',
    '',
  ].join('\n');
}
