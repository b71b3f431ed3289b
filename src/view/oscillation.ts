/**
 * The oscillation along a mode, outside React: each instanced mesh registers a mover that puts
 * its instances at x0 + s·A·z (s in [−1, 1]); the frame loop drives s from the clock, and the
 * GIF/video export drives it frame by frame (the clock is ignored meanwhile).
 */
type Mover = (s: number) => void;

const movers = new Set<Mover>();
let exporting = false;
let current = 0;

export function registerMover(mover: Mover): () => void {
  movers.add(mover);
  mover(current);
  return () => {
    movers.delete(mover);
  };
}

/** Moves every registered mesh to the phase displacement s. */
export function moveTo(s: number): void {
  current = s;
  for (const m of movers) m(s);
}

export function currentDisplacement(): number {
  return current;
}

export function setExporting(on: boolean): void {
  exporting = on;
}

export function isExporting(): boolean {
  return exporting;
}
