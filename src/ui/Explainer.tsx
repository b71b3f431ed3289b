import { useState } from 'react';
import type { UnitsData } from '../compute/api';
import { useApp } from '../store/context';
import { fmt } from './format';

const STORAGE_KEY = 'softspots.explainer';

export const CITATION = {
  text: 'Kapteijns, Richard & Lerner, “Nonlinear quasilocalized excitations in glasses: True representatives of soft spots”, Phys. Rev. E 101, 032130 (2020)',
  doi: '10.1103/PhysRevE.101.032130',
};

export function Citation() {
  return (
    <p className="citation" data-testid="citation">
      After {CITATION.text},{' '}
      <a href={`https://doi.org/${CITATION.doi}`} target="_blank" rel="noreferrer">
        doi:{CITATION.doi}
      </a>
      .
    </p>
  );
}

/** Which G sets ω0 here, next to the other one (physics.md §5): the model constant and the glass's own. */
function UnitsNote({ units }: { units: UnitsData | null }) {
  const model = units?.model;
  const own = units?.glass;
  const source =
    units?.omega0From === 'model' && model
      ? `the paper's model constant G(Tp = ∞) = ${fmt(model.G, 3)} of its Table II (ω0 = ${fmt(model.omega0, 3)}), as in its figures`
      : units?.omega0From === 'glass' && own
        ? `this glass's own shear modulus G = ${fmt(own.G, 3)} (ω0 = ${fmt(own.omega0, 3)}): the paper gives no model constant here`
        : 'a shear modulus G once it is computed';
  return (
    <p data-testid="units">
      <b>Units.</b> Lengths in a0 = (V/N)^(1/d), the mean spacing between particles
      {(model ?? own) ? ` (here a0 = ${fmt((model ?? own)!.a0, 3)})` : ''}; energies in ε, the unit of the pair
      potential; frequencies in ω0 = cT/a0 with cT = √(G/ρ) the transverse speed of sound. ω/ω0 in the table uses{' '}
      {source}.
      {units?.omega0From === 'model' &&
        own &&
        ` This glass's own isotropic G is ${fmt(own.G, 3)} (ω0 = ${fmt(own.omega0, 3)}).`}
      {units &&
        units.moduli.negative.length > 0 &&
        ` Negative shear modulus along ${units.moduli.negative.join(', ')}: stable only with the box fixed.`}
    </p>
  );
}

/** What is on the screen, in plain words; open on the first visit, then as the user left it. */
export function Explainer() {
  const [open, setOpen] = useState(() => readOpen());
  const units = useApp((s) => s.units);
  return (
    <details
      className="panel explainer"
      data-testid="explainer"
      open={open}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        setOpen(now);
        writeOpen(now);
      }}
    >
      <summary>
        <h2>What am I looking at?</h2>
      </summary>
      <p>
        <b>Soft spots.</b> A glass is a frozen disordered packing of particles. Here and there a few tens of them sit in
        a loose arrangement that gives way much more easily than the rest: a soft spot. Soft spots are where the glass
        first rearranges under load, and they add extra low-frequency vibrations.
      </p>
      <p>
        <b>ψ, harmonic modes</b> (vermillion): the normal modes of vibration, eigenvectors of the Hessian (the second
        derivatives of the energy). A low one often shows a soft spot, but mixed (hybridized) with sound waves or with
        other soft spots, so it may spread over the box.
      </p>
      <p>
        <b>π4, quartic NQE</b> (blue): a nonlinear quasilocalized excitation, the displacement field that minimizes
        κ²/χ, found by starting from ψ and going downhill. It does not mix with sound waves: it shows one soft spot
        cleanly. π(1), π(2), … are the distinct soft spots of one glass, softest first.
      </p>
      <p>
        <b>π3, cubic NQE</b> (bluish green): the field that minimizes κ³/τ², the asymmetric cousin of π4, closer to the
        direction in which the soft spot would rearrange. <b>πp, pseudo-harmonic</b> (reddish purple): minimizes κ² over
        a purely geometric stand-in for χ.
      </p>
      <p>
        <b>Δ = π4 − ψ</b> (black, magnified): what hybridization added to the soft spot. In 2D it is mostly a sound
        wave; in 3D it often sits on other soft spots.
      </p>
      <p>
        <b>κ, τ, χ.</b> Push the glass by s along a unit field z: the energy rises as κs²/2 + τs³/6 + χs⁴/24. κ is the
        stiffness (ω² for a harmonic mode), τ the asymmetry, χ the fourth-order term. <b>e</b>, the participation ratio,
        is near 1 when all particles move and small when few do; <b>Ne</b> = N·e is about how many take part.
      </p>
      <UnitsNote units={units} />
      <p className="hint">Hover a column header or a comparison row for its definition.</p>
      <Citation />
    </details>
  );
}

function readOpen(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'closed';
  } catch {
    return true;
  }
}

function writeOpen(open: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, open ? 'open' : 'closed');
  } catch {
    // Private windows may refuse storage; the panel then opens on every visit.
  }
}
