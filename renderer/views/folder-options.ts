// The one folder picker's options, shared by every "Folder" select (add a
// feed, feed settings, move a folder): "No folder" (or the top level), then
// the folders in tree order, indented by depth.
import { html } from 'lit';
import type { Folder } from '../../electron/shared/models.ts';
import { folderChoices, folderOptionLabel } from '../state/folder-tree.ts';

export interface FolderOptions {
  /** The folder chosen at first; null chooses the first option. */
  selected: number | null;
  /** The first option, which stands for no folder. */
  none?: string;
  /** A folder left out with everything inside it (a folder cannot move into itself). */
  except?: number;
}

export function folderOptions(folders: readonly Folder[], { selected, none = 'No folder', except }: FolderOptions) {
  return html`<option value="" ?selected=${selected === null}>${none}</option>
    ${folderChoices(folders, except).map(
      (choice) => html`<option value=${choice.id} ?selected=${choice.id === selected}>${folderOptionLabel(choice.name, choice.depth)}</option>`,
    )}`;
}

/** A select's value as a folder id (the empty value is no folder). */
export function folderIdOf(value: string): number | null {
  return value === '' ? null : Number(value);
}
