// Prints the part of a run config one stage depends on, for Nx to hash as the stage target's input: a change to a
// pairwise-only field changes the pairwise (and submit) hash but not pointwise's.
// Usage: tsx tools/workspace/config-section.ts <run.json> <stage>
import { loadRunConfig, stageSections, STAGES, type StageName } from '@vidsim/run-config';

const [file, stage] = process.argv.slice(2);
if (!file || !(STAGES as readonly string[]).includes(stage)) {
  console.error(`usage: config-section.ts <run.json> <${STAGES.join('|')}>`);
  process.exit(2);
}
console.log(JSON.stringify(stageSections(loadRunConfig(file), stage as StageName)));
