/**
 * Side-by-side panels fill the view: the grid (columns × rows) that gives each panel the
 * largest square for a box picture: two fields are halves (side by side unless the view is
 * much taller than wide), three or four a 2 × 2 grid or a row, and so on.
 */
export interface PanelGrid {
  cols: number;
  rows: number;
}

export function panelGrid(n: number, width: number, height: number): PanelGrid {
  let best: PanelGrid = { cols: 1, rows: 1 };
  let bestSide = -1;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // Side by side reads more naturally than stacked: rows must win by more than 15 %; fewer
    // empty cells break ties (a 2 × 2 grid for four rather than 3 × 2).
    const side = Math.min(width / cols, height / rows) * (cols >= rows ? 1.15 : 1) - 1e-6 * (cols * rows - n);
    if (side > bestSide) {
      bestSide = side;
      best = { cols, rows };
    }
  }
  return best;
}

/** Panel k of the grid in pixels, from the top-left corner. */
export function panelRect(k: number, grid: PanelGrid, width: number, height: number) {
  const w = width / grid.cols;
  const h = height / grid.rows;
  return { x: (k % grid.cols) * w, y: Math.floor(k / grid.cols) * h, w, h };
}
