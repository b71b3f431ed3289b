import { isMode, startNqe } from '../core/modes/nqe';
import { RESIDUAL_SKIP, residualSeed } from '../core/modes/population';
import { searchText } from '../core/modes/provenance';
import { shearStrains, startShearResponse } from '../core/modes/shear';
import { withEveryStep } from '../core/stepper';
import type { ModeData, ModeOrigin, ModeSearch, NqeRequest, ProgressCallback } from './api';
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

  const search = async (request: ModeSearch, seed: Float64Array): Promise<void> => {
    const stepper = startNqe(prepared.table, seed, request.kind);
    const traced = withEveryStep(stepper, (p) => stream.step(request, p));
    const result = await drive(traced, job, (p) => stream.flush({ search: request, progress: p }), 50);
    stream.flush();
    const said = searchText(request, s.modes.labelOf);
    if (!isMode(result)) {
      onProgress({ stage: 'note', message: `${said} did not converge: ${result.message}` });
      return;
    }
    const origin: ModeOrigin = { from: 'search', ...request };
    const { mode, added } = s.modes.add(modeContext(s), request.kind, origin, result.field, nqeExtra(result));
    if (added) {
      found.push(mode);
      onProgress({ stage: 'mode', mode: sendableMode(mode, transfer) });
    } else onProgress({ stage: 'note', message: `${said} converged to ${mode.label}, already listed` });
  };

  if (request.from === 'shear') {
    for (const velocity of await shearVelocities(prepared, s, job)) {
      await search({ kind: 'cubic', seed: { from: 'shear', strain: velocity.label } }, velocity.field);
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
    } else await search({ kind: 'quartic', seed: { from: 'residual', mode: psi.id } }, residual.field);
  } else {
    const from = s.modes.modes.get(request.from);
    if (!from) throw new Error(`no mode ${request.from}`);
    await search({ kind: request.kind, seed: { from: 'mode', mode: from.id } }, from.field);
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
