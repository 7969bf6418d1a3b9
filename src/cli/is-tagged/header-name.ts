// The name of qqtag's lines for `qqtag is-tagged` when no --header is given: the config's `header` where the
// config can be read and is valid, else the default. Never an error: a user's delivery process often cannot
// read the administrator's config, and a filter must not fail over it. The one place that knows config.ts.
import { DEFAULT_CONFIG, loadConfig } from '../../config';

/** `file`: --config, else $QQTAG_CONFIG; undefined or '' means the default path. */
export function headerNameFromConfig(file: string | undefined): string {
  try {
    // A broken config gives the defaults here (or its last good compiled copy's header): never an error.
    return loadConfig(file ? { QQTAG_CONFIG: file } : {}).config.header;
  } catch {
    return DEFAULT_CONFIG.header;
  }
}
