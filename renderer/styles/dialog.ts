// The look of Broadsheet's small modal dialogs (Add a feed, Save a page):
// one raised sheet, a heading, a short intro, fields, inline problems, actions.
import { css } from 'lit';

export const dialogStyles = css`
  dialog {
    width: min(460px, calc(100vw - 32px));
    padding: 0;
    border: 0;
    border-radius: var(--radius-lg);
    background: var(--bg-raised);
    color: var(--text);
    box-shadow: var(--shadow-dialog);
    font-size: var(--text-md);
  }
  dialog::backdrop {
    background: var(--backdrop);
  }
  /* A question asked before something that cannot be undone (role="alertdialog"). */
  dialog.confirm {
    width: min(420px, calc(100vw - 32px));
  }
  dialog[open] {
    animation: appear var(--duration) var(--ease);
  }
  @keyframes appear {
    from {
      opacity: 0;
      transform: translateY(6px) scale(0.99);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    dialog[open] {
      animation: none;
    }
  }
  form {
    display: grid;
    gap: var(--space-3);
    padding: var(--space-5);
  }
  h2 {
    margin: 0;
    font-size: var(--text-lg);
    font-weight: 650;
    letter-spacing: -0.01em;
  }
  .intro {
    margin: 0;
    color: var(--text-secondary);
    line-height: 1.5;
  }
  label {
    display: grid;
    gap: var(--space-1);
    font-weight: 500;
    margin-top: var(--space-1);
  }
  input {
    font: inherit;
    font-size: var(--text-base);
    height: 34px;
    padding: 0 var(--space-3);
    border-radius: var(--radius-md);
    border: var(--hairline-width) solid var(--hairline-strong);
    background: var(--bg-app);
    color: var(--text);
  }
  input:focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: -1px;
  }
  input[aria-invalid='true'] {
    border-color: var(--danger);
  }
  input::placeholder {
    color: var(--text-tertiary);
  }
  .alert {
    margin: 0;
    color: var(--danger);
    line-height: 1.45;
  }
  .working {
    margin: 0;
    color: var(--text-secondary);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--space-2);
    margin-top: var(--space-2);
  }
  .spinner {
    width: 12px;
    height: 12px;
    border-radius: 50%;
    border: 2px solid currentColor;
    border-right-color: transparent;
    animation: spin 800ms linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-right-color: currentColor;
      opacity: 0.6;
    }
  }
`;

/** A quiet divider with a word in it ("or"), between two ways of doing one thing. */
export const dialogDivider = css`
  .or {
    display: flex;
    align-items: center;
    gap: var(--space-3);
    color: var(--text-tertiary);
    font-size: var(--text-sm);
    margin: var(--space-1) 0;
  }
  .or::before,
  .or::after {
    content: '';
    flex: 1;
    border-top: var(--hairline-width) solid var(--hairline);
  }
  .import {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--space-3);
    color: var(--text-secondary);
    line-height: 1.45;
  }
`;
