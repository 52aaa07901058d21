// The app shell's share of search and keyboard access: the middle pane that
// holds the search field above the article list (or the results), and the
// skip link that jumps there from the top of the page.
import { css } from 'lit';

export const listPaneStyles = css`
  .list-pane {
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
    background: var(--bg-list);
  }
  .list-pane > bs-article-list,
  .list-pane > bs-search-results {
    flex: 1;
    min-height: 0;
  }
  /* The list keeps its place (and scroll) behind the results. */
  .list-pane > [hidden] {
    display: none !important;
  }
  bs-shortcuts-overlay {
    display: contents;
  }
  .skip-link {
    position: fixed;
    top: var(--space-2);
    left: var(--space-2);
    z-index: 40;
    padding: var(--space-2) var(--space-3);
    border-radius: var(--radius-md);
    background: var(--bg-raised);
    color: var(--text);
    font-size: var(--text-md);
    font-weight: 600;
    /* Out of sight (shadow and all) until it has focus. */
    transform: translateY(-200%);
    opacity: 0;
  }
  .skip-link:focus-visible,
  .skip-link:focus {
    transform: none;
    opacity: 1;
    box-shadow: var(--shadow-dialog);
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
`;
