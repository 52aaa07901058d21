// Real libraries for the Library's tests, opened the way those tests open
// them: settings kept in the library folder, with full-article downloads off
// so a test fetches only what it asks for; every library still open is closed
// by closeAll() (call it in afterEach, before the folder is removed).
import { openLibrary, type Library, type LibraryOptions } from '../library.ts';
import { createConfSettingsStore } from '../settings-conf.ts';

export interface TestLibraries {
  /** Opens the library again, with the options as they are now (a test may have moved the clock or the folder). */
  open(): Library;
  /** Closes one library before the test ends (to open it again, or to damage its file). */
  close(library: Library): void;
  closeAll(): void;
}

export function testLibraries(options: () => Omit<LibraryOptions, 'settings'>): TestLibraries {
  const opened: Library[] = [];
  return {
    open() {
      const current = options();
      const settings = createConfSettingsStore({ cwd: current.dataDir });
      settings.update({ downloadFullArticles: 'never' });
      const library = openLibrary({ ...current, settings });
      opened.push(library);
      return library;
    },
    close(library) {
      library.close();
      opened.splice(opened.indexOf(library), 1);
    },
    closeAll() {
      for (const library of opened.splice(0)) library.close();
    },
  };
}
