import type { ModeData, NqeRequest, ProgressEvent } from '../compute/api';
import { seedLabel } from './selectors';

/**
 * The status line in plain words: what is running, how far it is, what "done" means. The
 * numbers the solvers iterate on stay in the convergence plot; here they only say how close.
 */
export function describeProgress(e: ProgressEvent, modes: ModeData[]): string | null {
  switch (e.stage) {
    case 'quench':
      if (e.melt)
        return `Removing the overlaps of the random start before Monte Carlo (a rough minimization): step ${e.step}, largest force ${sci(e.maxForce)} (done below ${sci(e.tolerance)})`;
      return `Quenching to a glass (energy minimization): step ${e.step}, energy per particle ${e.energyPerParticle.toFixed(4)} ε, largest force ${sci(e.maxForce)} (done below ${sci(e.tolerance)})`;
    case 'liquid': {
      const l = e.liquid;
      const tau =
        l.relaxationTime === null
          ? 'relaxation time not measured yet'
          : `relaxation time ${l.relaxationTime.toFixed(0)} sweeps`;
      return `Equilibrating the liquid (Monte Carlo${l.swapAcceptance === null ? '' : ' with swaps'}): sweep ${l.sweeps}, energy per particle ${l.energyPerParticle.toFixed(4)} ε, ${tau}${l.equilibrated ? ', equilibrated' : ''}`;
    }
    case 'hessian':
      return `Hessian built: ${e.pairs} interacting pairs`;
    case 'shear':
      return `Shear modulus G (sets ω0), ${e.label}: linear solve, residual ${sci(e.residual)}`;
    case 'harmonic':
      return `Harmonic modes: ${Math.min(e.converged, e.wanted)} of ${e.wanted} converged`;
    case 'nqe':
      return `Searching the ${KIND_WORD[e.search.kind]} from ${seedLabel(e.search.seed, modes)}: step ${e.iteration}, gradient ${sci(e.gradNorm)} (done below 1e−8)`;
    default:
      return null;
  }
}

const KIND_WORD = { quartic: 'quartic NQE', cubic: 'cubic NQE', pseudo: 'pseudo-harmonic mode' } as const;

const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(1).replace('-', '−') : '—');

/** "the quartic search from ψ5", for messages about a request. */
export function describeRequest(req: NqeRequest, modes: ModeData[]): string {
  if (req.from === 'shear') return 'the cubic searches from shear';
  if (req.from === 'second-quartic') return 'the second quartic search (from ψ1 − π4)';
  const seed = modes.find((m) => m.id === req.from)?.label ?? req.from;
  return `the ${KIND_WORD[req.kind]} search from ${seed}`;
}
