import { type GlassData, isCancelled, type PotentialChoice } from '../../compute/api';
import type { AppActions } from '../appStore';
import { fileNameOf, findSample, generatedRef, glassUrl, parseGeneratedRef, SAMPLES } from '../samples';
import { freshGlass } from '../state';
import { describeError, type SliceContext } from './context';

/** The largest glass file the app opens (a 3D glass of 32768 particles is ~2 MB of text). */
export const MAX_GLASS_FILE_BYTES = 50 * 2 ** 20;

export function fileTooLarge(name: string, bytes: number): string | null {
  return bytes > MAX_GLASS_FILE_BYTES
    ? `${name}: ${(bytes / 2 ** 20).toFixed(0)} MB is more than the ${MAX_GLASS_FILE_BYTES / 2 ** 20} MB this app opens`
    : null;
}

/** The message with the file named once (the readers' messages already start with it). */
function aboutFile(fileName: string, e: unknown): string {
  const message = describeError(e);
  return message.startsWith(fileName) ? message : `${fileName}: ${message}`;
}

type GlassActions = Pick<
  AppActions,
  'openRef' | 'openFile' | 'openLocalFile' | 'answerPotential' | 'generate' | 'quench'
>;

/** Where glasses come from: samples, URLs, files, the generator, and the quench of a saddle. */
export function glassActions(ctx: SliceContext): GlassActions {
  const { api, set, get } = ctx;

  const adopt = (glass: GlassData, ref: string | null) => {
    ctx.supersede();
    set(freshGlass(glass, ref));
  };

  /** A file waiting for its potential (kept here, not in the reactive state: it can be large). */
  let waiting: { text: string; fileName: string; ref: string | null; run: boolean } | null = null;

  const openText = async (
    text: string,
    fileName: string,
    ref: string | null,
    run: boolean,
    potential?: PotentialChoice,
  ) => {
    const tooLarge = fileTooLarge(fileName, text.length);
    if (tooLarge) {
      set({ glassError: tooLarge });
      return;
    }
    let glass: GlassData;
    try {
      glass = await api.openFile(text, fileName, potential);
    } catch (e) {
      // A file that does not say its potential: ask, and analyse nothing until answered.
      if (e instanceof Error && e.name === 'MissingPotentialError') {
        waiting = { text, fileName, ref, run };
        set({ potentialQuestion: { fileName, why: e.message }, glassError: null });
        return;
      }
      // An answer that does not fit the file (LAMMPS lines it cannot read, a model with other
      // species): ask again, saying why, with the file still waiting.
      if (potential) {
        waiting = { text, fileName, ref, run };
        set({ potentialQuestion: { fileName, why: '', problem: describeError(e) } });
        return;
      }
      // The previous glass stays loaded (the engine replaces it only once every check passed).
      set({ glassError: aboutFile(fileName, e) });
      return;
    }
    waiting = null;
    set({ potentialQuestion: null });
    adopt(glass, ref);
    set({ liquid: null });
    if (run) await get().runPipeline();
  };

  /** A job that makes a new glass (generate, quench), then analyses it. */
  const makeGlass = async (work: Parameters<SliceContext['request']>[0], ref: string | null) => {
    set({
      pipelineState: 'running',
      pipelineError: null,
      glassError: null,
      modes: [],
      selectedId: null,
      profile: null,
      liquid: null,
    });
    try {
      const started = performance.now();
      const glass = (await ctx.request(work)) as GlassData | undefined;
      if (!glass) return;
      const made = (performance.now() - started) / 1000;
      adopt(glass, ref);
      // The Monte Carlo run's final check replaces its last time-sampled tick.
      const verdict = glass.liquid;
      if (verdict)
        set((s) => ({
          liquid: s.liquid
            ? { ...s.liquid, latest: verdict }
            : { sweeps: [verdict.sweeps], energy: [verdict.energyPerParticle], latest: verdict },
        }));
      await get().runPipeline();
      // The time to make the glass (Monte Carlo at Tp can be most of it) beside the pipeline's.
      if (get().pipelineState === 'done')
        set((s) => ({ activity: `glass made in ${made.toFixed(1)} s · ${s.activity}` }));
    } catch (e) {
      if (isCancelled(e)) return;
      set({ pipelineState: 'error', pipelineError: describeError(e) });
    }
  };

  return {
    async openRef(ref, opts = {}) {
      const generated = parseGeneratedRef(ref);
      if (generated) return get().generate(generated);
      if (ref.startsWith('gen:')) {
        set({
          glassError: `"${ref}" is not a generated-glass reference: write gen:<ipl|poly>,<2|3>,<N>,<seed>, optionally with ,tp=<T > 0>[,sweeps=<S>][,swap] (e.g. gen:poly,2,256,3,tp=1.3,swap)`,
        });
        return;
      }
      if (!findSample(ref) && !/[./]/.test(ref)) {
        // Not a sample and nothing a URL could name: say so instead of fetching the page itself.
        set({ glassError: `no sample named "${ref}" (samples: ${SAMPLES.map((s) => s.name).join(', ')})` });
        return;
      }
      let text: string;
      try {
        text = await ctx.fetchText(glassUrl(ref, ctx.base));
      } catch (e) {
        set({ glassError: describeError(e) });
        return;
      }
      await openText(text, fileNameOf(ref), ref, opts.run ?? true);
    },

    openFile: (text, fileName, opts = {}) => openText(text, fileName, null, opts.run ?? true),

    async answerPotential(choice) {
      const file = waiting;
      waiting = null;
      set({ potentialQuestion: null });
      if (!file || !choice) return;
      await openText(file.text, file.fileName, file.ref, file.run, choice);
    },

    async openLocalFile(file) {
      const tooLarge = fileTooLarge(file.name, file.size);
      if (tooLarge) set({ glassError: tooLarge });
      else await openText(await file.text(), file.name, null, true);
    },

    generate: (req) => makeGlass((onProgress) => api.generate(req, onProgress), generatedRef(req)),

    async quench() {
      if (get().glass) await makeGlass((onProgress) => api.quench(onProgress), null);
    },
  };
}
