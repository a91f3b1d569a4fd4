/**
 * Escaping for the HTML report. Every string from a report goes through {@link esc} before it reaches the
 * page, in text and in attribute values (always double-quoted): much of it comes from the target, which may
 * be hostile.
 */
import { escapeControls } from './text.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value: markup characters as entities, control and bidi-override characters as `\uXXXX`. */
export function esc(value: string): string {
  return escapeControls(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** An escaped `href` value for an http(s) link, or undefined for anything else (`javascript:`, `data:`, ...). */
export function href(url: string): string | undefined {
  return /^https?:\/\/[^\s]+$/i.test(url) ? esc(url) : undefined;
}
