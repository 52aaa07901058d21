// Styles every component shares: box model, buttons, focus rings, and the
// visually-hidden helper. Colours and sizes come from tokens.css.
import { css } from 'lit';

export const base = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  :focus {
    outline: none;
  }
  :focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
    border-radius: var(--radius-sm);
  }
  svg.icon {
    width: 16px;
    height: 16px;
    flex: none;
    display: block;
  }
`;

export const buttons = css`
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    margin: 0;
    padding: 0;
    cursor: default;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 28px;
    height: 28px;
    border-radius: var(--radius-md);
    color: var(--text-secondary);
    transition: background-color var(--duration) var(--ease), color var(--duration) var(--ease);
  }
  .icon-button:hover:not(:disabled) {
    background: var(--bg-hover);
    color: var(--text);
  }
  .icon-button:disabled {
    opacity: 0.45;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: var(--space-2);
    height: 30px;
    padding: 0 var(--space-3);
    border-radius: var(--radius-md);
    font-size: var(--text-md);
    font-weight: 500;
    border: var(--hairline-width) solid var(--hairline-strong);
    background: var(--bg-raised);
    color: var(--text);
    white-space: nowrap;
    transition: background-color var(--duration) var(--ease);
  }
  .button:hover:not(:disabled) {
    background: var(--bg-hover);
  }
  .button.primary {
    background: var(--accent);
    border-color: transparent;
    color: var(--on-accent);
  }
  .button.primary:hover:not(:disabled) {
    background: var(--accent-strong);
  }
  /* The confirming button of a question whose answer cannot be undone. */
  .button.danger {
    background: var(--danger);
    border-color: transparent;
    color: var(--bg-raised);
  }
  .button:disabled {
    opacity: 0.6;
  }
  .link-button {
    color: var(--accent);
    font-weight: 500;
    text-decoration: underline;
    text-underline-offset: 2px;
    text-decoration-thickness: 1px;
  }
`;
