// The settings screen's look: a wide sheet with quiet section headings, a
// label column and a control column, segmented choices and a preview set in
// the reading font.
import { css } from 'lit';

export const formStyles = css`
  select {
    font: inherit;
    font-size: var(--text-md);
    height: 30px;
    padding: 0 var(--space-2);
    border-radius: var(--radius-md);
    border: var(--hairline-width) solid var(--hairline-strong);
    background: var(--bg-app);
    color: var(--text);
    max-width: 100%;
  }
  select:focus-visible,
  input[type='range']:focus-visible,
  input[type='checkbox']:focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 1px;
  }
  input[type='checkbox'] {
    height: auto;
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--accent);
  }
  input[type='range'] {
    height: auto;
    padding: 0;
    border: 0;
    background: none;
    flex: 1;
    min-width: 0;
    accent-color: var(--accent);
  }
`;

export const settingsStyles = css`
  dialog.settings {
    width: min(640px, calc(100vw - 32px));
    max-height: min(760px, calc(100vh - 48px));
    overflow: hidden;
    display: none;
    flex-direction: column;
  }
  dialog.settings[open] {
    display: flex;
  }
  .top {
    flex: none;
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: var(--space-4) var(--space-4) var(--space-3) var(--space-5);
    border-bottom: var(--hairline-width) solid var(--hairline);
  }
  .body {
    /* The containing block of its visually hidden labels, so they scroll with it instead of stretching the sheet. */
    position: relative;
    overflow-y: auto;
    padding: 0 var(--space-5) var(--space-5);
  }
  section {
    display: grid;
    gap: var(--space-3);
    padding: var(--space-5) 0;
  }
  section + section {
    border-top: var(--hairline-width) solid var(--hairline);
  }
  h3 {
    margin: 0 0 var(--space-1);
    font-size: var(--text-sm);
    font-weight: 650;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--text-tertiary);
  }
  .row {
    display: grid;
    grid-template-columns: 148px minmax(0, 1fr);
    align-items: center;
    gap: var(--space-3);
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .row.top {
    align-items: start;
  }
  .row > label,
  .row > .label,
  .row > legend {
    margin: 0;
    padding: 0;
    font-weight: 500;
    color: var(--text);
  }
  /* A legend does not take part in grid layout; float keeps it in the label column. */
  fieldset.row {
    display: block;
  }
  fieldset.row > legend {
    float: left;
    width: calc(148px + var(--space-3));
    margin: 0;
    line-height: 30px;
  }
  .row > select {
    justify-self: start;
    min-width: 240px;
  }
  form.export {
    display: block;
    padding: 0;
  }
  .segmented {
    display: inline-flex;
    flex-wrap: wrap;
    padding: 2px;
    border-radius: var(--radius-md);
    background: var(--bg-hover);
    border: var(--hairline-width) solid var(--hairline);
  }
  .segmented label {
    position: relative;
    display: block;
    margin: 0;
    font-weight: 500;
  }
  .segmented input {
    position: absolute;
    opacity: 0;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
  }
  .segmented span {
    display: block;
    padding: 4px var(--space-3);
    border-radius: var(--radius-sm);
    color: var(--text-secondary);
    line-height: 18px;
  }
  .segmented input:checked + span {
    background: var(--bg-raised);
    color: var(--text);
    box-shadow: 0 0 0 1px var(--hairline-strong);
  }
  .segmented input:focus-visible + span {
    outline: 2px solid var(--focus);
    outline-offset: 1px;
  }
  .range {
    display: flex;
    align-items: center;
    gap: var(--space-3);
    max-width: 320px;
  }
  output {
    min-width: 4.5em;
    color: var(--text-secondary);
    font-variant-numeric: tabular-nums;
  }
  label.check {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    font-weight: 400;
    margin: 0;
  }
  .preview {
    margin: var(--space-2) 0 0;
    padding: var(--space-4) var(--space-5);
    border-radius: var(--radius-md);
    background: var(--bg-reader);
    border: var(--hairline-width) solid var(--hairline);
  }
  .preview-text {
    max-width: var(--reading-measure);
    margin: 0;
    font-family: var(--font-reading);
    font-size: var(--reading-size);
    line-height: var(--reading-line);
    text-align: var(--reading-align);
    hyphens: auto;
    color: var(--reading-text);
  }
  .hint {
    margin: 0;
    color: var(--text-secondary);
    line-height: 1.45;
  }
  section > .hint {
    margin-left: calc(148px + var(--space-3));
    margin-top: calc(-1 * var(--space-1));
  }
  .inline {
    display: flex;
    flex-wrap: wrap;
    gap: var(--space-2);
    align-items: center;
  }
  .backups {
    display: grid;
    gap: var(--space-3);
  }
  .backup-list {
    list-style: none;
    margin: 0;
    padding: 0;
    border-top: var(--hairline-width) solid var(--hairline);
  }
  .backup-list li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--space-3);
    padding: var(--space-2) 0;
    border-bottom: var(--hairline-width) solid var(--hairline);
  }
  .what {
    display: grid;
    gap: 2px;
  }
  .when {
    font-weight: 500;
  }
  .size {
    color: var(--text-secondary);
    font-size: var(--text-sm);
    font-variant-numeric: tabular-nums;
  }
  .status:empty {
    display: none;
  }
  .status {
    margin: 0;
    color: var(--text-secondary);
  }
  dialog.confirm form {
    padding: var(--space-5);
  }
  .opml {
    display: grid;
    gap: var(--space-2);
    min-width: 0;
  }
  .opml-summary {
    display: grid;
    gap: var(--space-2);
    padding: var(--space-3) var(--space-4);
    border-radius: var(--radius-md);
    background: var(--bg-app);
    border: var(--hairline-width) solid var(--hairline);
  }
  .summary-title {
    margin: 0;
    font-size: var(--text-sm);
    font-weight: 600;
    color: var(--text-secondary);
    overflow-wrap: anywhere;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: var(--space-3);
    margin: 0;
  }
  .figures div {
    display: flex;
    flex-direction: column-reverse;
    gap: 2px;
  }
  .figures dt {
    font-size: var(--text-sm);
    color: var(--text-secondary);
  }
  .figures dd {
    margin: 0;
    font-size: var(--text-xl);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    color: var(--text);
  }
  .invalid {
    list-style: none;
    margin: 0;
    padding: var(--space-2) 0 0;
    border-top: var(--hairline-width) solid var(--hairline);
    display: grid;
    gap: var(--space-1);
    font-size: var(--text-sm);
  }
  .invalid li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--space-2);
  }
  .invalid .entry {
    font-weight: 600;
  }
  .invalid .reason {
    color: var(--text-secondary);
  }
  @media (max-width: 560px) {
    .figures {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  /* Help: what is running, copy diagnostics, the shortcuts. */
  .about {
    margin: 0;
    color: var(--text);
    line-height: 30px;
  }
  .diagnostics {
    display: grid;
    gap: var(--space-2);
    min-width: 0;
  }
  .row > .shortcuts {
    justify-self: start;
    line-height: 30px;
  }
`;
