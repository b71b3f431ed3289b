import type { NqeProgress } from '../core/modes/nqe';
import { sameSearch } from '../core/modes/provenance';
import type { ModeSearch, NqeHistoryPoint, ProgressCallback } from './api';
import type { TransferMarker } from './session';

/** The live field of a running search goes out at most this often (N·d doubles). */
const FIELD_TICK_MS = 250;

/**
 * Streams NQE searches to the UI: every minimizer step is recorded (the convergence plot gets
 * the whole history, in batches), and at each progress tick one 'nqe' event per search that
 * stepped since the last tick, the running one with its current field now and then.
 * Each event names its search as typed data (the mode it finds has it as its origin).
 */
export class NqeStream {
  private segments: { search: ModeSearch; points: NqeHistoryPoint[] }[] = [];
  private lastField = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onProgress: ProgressCallback,
    private readonly transfer: TransferMarker,
  ) {}

  /** Records one minimizer step of `search`. */
  step(search: ModeSearch, p: NqeProgress): void {
    let last = this.segments[this.segments.length - 1];
    if (!last || !sameSearch(last.search, search)) {
      last = { search, points: [] };
      this.segments.push(last);
    }
    last.points.push({ iteration: p.iteration, E: p.E, kappa: p.kappa, gradNorm: p.gradNorm });
  }

  /** Sends what was recorded; `running` is the search still going (its field may go along). */
  flush(running?: { search: ModeSearch; progress: NqeProgress }): void {
    const segments = this.segments;
    this.segments = [];
    const now = performance.now();
    for (const seg of segments) {
      const last = seg.points[seg.points.length - 1];
      const event = {
        stage: 'nqe' as const,
        search: seg.search,
        iteration: last.iteration,
        E: last.E,
        kappa: last.kappa,
        gradNorm: last.gradNorm,
        history: seg.points,
      };
      if (running && sameSearch(running.search, seg.search) && now - this.lastField > FIELD_TICK_MS) {
        this.lastField = now;
        const field = Float64Array.from(running.progress.field);
        this.onProgress(this.transfer({ ...event, field }, [field.buffer]));
      } else this.onProgress(event);
    }
  }
}
