// A draggable hairline between two panes. It reports the new width of the pane
// on its left; arrow keys move it too, so resizing works without a pointer.
import { LitElement, css, html } from 'lit';
import { base } from '../styles/shared.ts';

export interface ResizeDetail {
  width: number;
  done: boolean;
}

export class BsSplitter extends LitElement {
  static override properties = {
    label: { type: String },
    value: { type: Number },
    min: { type: Number },
    max: { type: Number },
  };

  static override styles = [
    base,
    css`
      :host {
        position: relative;
        width: 0;
        z-index: 2;
      }
      .handle {
        position: absolute;
        inset: 0 -4px;
        cursor: col-resize;
        touch-action: none;
      }
      .handle::after {
        content: '';
        position: absolute;
        inset: 0 3px;
        background: var(--hairline);
        transition: background-color var(--duration) var(--ease);
      }
      .handle:hover::after,
      .handle.dragging::after,
      .handle:focus-visible::after {
        background: var(--accent);
      }
      /* Focused from the keyboard, the hairline becomes a 4 px accent bar: its focus ring. */
      .handle:focus-visible {
        outline: none;
      }
      .handle:focus-visible::after {
        inset: 0 2px;
      }
    `,
  ];

  declare label: string;
  declare value: number;
  declare min: number;
  declare max: number;
  #start: { x: number; width: number } | null = null;

  constructor() {
    super();
    this.label = '';
    this.value = 0;
    this.min = 0;
    this.max = 10_000;
  }

  override render() {
    return html`<div
      class="handle ${this.#start ? 'dragging' : ''}"
      role="separator"
      aria-orientation="vertical"
      aria-label=${this.label}
      aria-valuenow=${this.value}
      aria-valuemin=${this.min}
      aria-valuemax=${this.max}
      tabindex="0"
      @pointerdown=${this.#down}
      @pointermove=${this.#move}
      @pointerup=${this.#up}
      @pointercancel=${this.#up}
      @keydown=${this.#key}
    ></div>`;
  }

  #emit(width: number, done: boolean): void {
    const clamped = Math.round(Math.min(this.max, Math.max(this.min, width)));
    this.dispatchEvent(new CustomEvent<ResizeDetail>('bs-resize', { detail: { width: clamped, done } }));
  }

  #down = (event: PointerEvent) => {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    this.#start = { x: event.clientX, width: this.value };
    this.requestUpdate();
  };

  #move = (event: PointerEvent) => {
    if (!this.#start) return;
    this.#emit(this.#start.width + event.clientX - this.#start.x, false);
  };

  #up = (event: PointerEvent) => {
    if (!this.#start) return;
    this.#emit(this.#start.width + event.clientX - this.#start.x, true);
    this.#start = null;
    this.requestUpdate();
  };

  #key = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 40 : 10;
    if (event.key === 'ArrowLeft') this.#emit(this.value - step, true);
    else if (event.key === 'ArrowRight') this.#emit(this.value + step, true);
    else return;
    event.preventDefault();
  };
}

customElements.define('bs-splitter', BsSplitter);

declare global {
  interface HTMLElementTagNameMap {
    'bs-splitter': BsSplitter;
  }
}
