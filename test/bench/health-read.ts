// The bench's probe of zone health's per-message read (row "health-read" in health.ts): bundled by the bench with
// esbuild as dist/ is, run in a fresh node per sample. As in queue mode, the compiled config is read first (the
// same fs calls and JSON.parse); then it times one read of STATE_DIR/health.json and the look-up of three zones'
// entries — what every message with DNS lists does — and prints "MS ZONES".
import { readRegularFile } from '../../src/regular-file';
import { entryOf } from '../../src/health/health-state';
import { zoneKey } from '../../src/health/list-zones';
import { readHealthState } from '../../src/health/health-store';

const [dir = '', config = ''] = process.argv.slice(2);
JSON.parse(readRegularFile(config));
const started = process.hrtime.bigint();
const read = readHealthState(dir);
const found = read.ok ? ['zone0.example', 'zone1.example', 'zone2.example'].filter((z) => entryOf(read.state, zoneKey(['127.0.0.1'], 'ip', z))) : [];
const ms = Number(process.hrtime.bigint() - started) / 1e6;
if (!read.ok || found.length !== 3) throw new Error(read.ok ? 'entries missing' : read.problem);
process.stdout.write(`${ms} ${Object.keys(read.state.zones).length}\n`);
