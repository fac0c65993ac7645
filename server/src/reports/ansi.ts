// Minimal terminal styling; the plain style is the identity so reports need no branches.

import type { Priority } from '../engine/types';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  priority(priority: Priority, text: string): string;
  success(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const PRIORITY_COLORS: Record<Priority, (text: string) => string> = { P1: wrap(31, 39), P2: wrap(33, 39), P3: wrap(36, 39) };

export const PLAIN: Style = {
  bold: (text) => text,
  dim: (text) => text,
  priority: (_priority, text) => text,
  success: (text) => text,
};

export const COLOR: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  priority: (priority, text) => PRIORITY_COLORS[priority](text),
  success: wrap(32, 39),
};
