// The name of qqtag's lines for `qqtag is-tagged` when no --header is given: the config's `header` where the
// config can be read and is valid, else the default. Never an error: a user's delivery process often cannot
// read the administrator's config, and a filter must not fail over it. The one place that knows config.ts.
import { DEFAULT_CONFIG, loadConfig } from '../../config';

/** `file`: --config, else $QQTAG_CONFIG; undefined or '' means the default path. */
export function headerNameFromConfig(file: string | undefined): string {
  try {
    const loaded = loadConfig(file ? { QQTAG_CONFIG: file } : {});
    return loaded.ok ? loaded.value.header : DEFAULT_CONFIG.header;
  } catch {
    return DEFAULT_CONFIG.header;
  }
}
