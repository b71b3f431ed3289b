import { describe, expect, it } from 'vitest';
import { panelGrid } from '../../src/view/panelLayout';

describe('side-by-side grid', () => {
  it('halves for two, a 2 × 2 grid for three or four on a squarish view, a row on a wide one', () => {
    expect(panelGrid(2, 700, 740)).toEqual({ cols: 2, rows: 1 });
    expect(panelGrid(2, 400, 900)).toEqual({ cols: 1, rows: 2 });
    expect(panelGrid(3, 700, 740)).toEqual({ cols: 2, rows: 2 });
    expect(panelGrid(4, 700, 740)).toEqual({ cols: 2, rows: 2 });
    expect(panelGrid(3, 1800, 600)).toEqual({ cols: 3, rows: 1 });
  });
});
