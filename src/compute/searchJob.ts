import { isMode, type NqeKind, startNqe } from '../core/modes/nqe';
import { RESIDUAL_SKIP, residualLabel, residualSeed } from '../core/modes/population';
import { shearStrains, startShearResponse } from '../core/modes/shear';
import { withEveryStep } from '../core/stepper';
import type { ModeData, NqeRequest, ProgressCallback } from './api';
import { drive, type Job } from './jobs';
import { nqeExtra } from './modeData';
import { NqeStream } from './nqeStream';
import { modeContext, type Prepared, type Session, sendableMode, type TransferMarker } from './session';

/**
 * On-demand NQE searches on what the analysis found (also after a cancel, as long as the
 * Hessian exists): an NQE of any kind from any listed mode, the second quartic mode (the
 * residual of ψ1 against the quartic modes listed), or cubic modes from every shear strain's
 * nonaffine velocity. Resolves with the modes that are new.
 */
export async function runSearchJob(
  s: Session,
  request: NqeRequest,
  job: Job,
  onProgress: ProgressCallback,
  transfer: TransferMarker,
): Promise<ModeData[]> {
  const prepared = s.prepared;
  if (!prepared) throw new Error('no Hessian yet: run the analysis first');
  const found: ModeData[] = [];
  const stream = new NqeStream(onProgress, transfer);

  const search = async (kind: NqeKind, seed: Float64Array, origin: string): Promise<void> => {
    const stepper = startNqe(prepared.table, seed, kind);
    const traced = withEveryStep(stepper, (p) => stream.step(origin, kind, p));
    const result = await drive(traced, job, (p) => stream.flush({ label: origin, progress: p }), 50);
    stream.flush();
    if (!isMode(result)) {
      onProgress({ stage: 'note', message: `${origin} did not converge: ${result.message}` });
      return;
    }
    const { mode, added } = s.modes.add(modeContext(s), kind, origin, result.field, nqeExtra(result));
    if (added) {
      found.push(mode);
      onProgress({ stage: 'mode', mode: sendableMode(mode, transfer) });
    } else onProgress({ stage: 'note', message: `${origin} converged to ${mode.label}, already listed` });
  };

  if (request.from === 'shear') {
    for (const velocity of await shearVelocities(prepared, s, job)) {
      await search('cubic', velocity.field, `cubic from ${velocity.label}`);
    }
  } else if (request.from === 'second-quartic') {
    const psi = s.modes.first('harmonic');
    const quartic = [...s.modes.modes.values()].filter((m) => m.kind === 'quartic');
    if (!psi || quartic.length === 0) throw new Error('the second quartic mode needs ψ1 and a quartic mode first');
    const residual = residualSeed(
      psi.field,
      quartic.map((m) => m.field),
    );
    if (residual.norm < RESIDUAL_SKIP) {
      onProgress({
        stage: 'note',
        message: `${psi.label} lies in the span of the quartic modes found (residual ${residual.norm.toFixed(3)}): no new seed`,
      });
    } else await search('quartic', residual.field, `quartic from ${residualLabel(psi.label)}`);
  } else {
    const from = s.modes.modes.get(request.from);
    if (!from) throw new Error(`no mode ${request.from}`);
    await search(request.kind, from.field, `${request.kind} from ${from.label}`);
  }
  return found.map((m) => sendableMode(m, transfer));
}

/** The nonaffine velocities of every strain: from the analysis, or solved now if it was cut short. */
async function shearVelocities(p: Prepared, s: Session, job: Job): Promise<{ label: string; field: Float64Array }[]> {
  const out: { label: string; field: Float64Array }[] = [];
  for (const strain of shearStrains(s.glass.d)) {
    let response = p.shear.find((r) => r.strain.label === strain.label);
    if (!response) {
      response = await drive(startShearResponse(p.table, p.M, s.glass.box, strain), job);
      p.shear.push(response);
    }
    out.push({ label: strain.label, field: response.velocity });
  }
  return out;
}
