// The lazy MIME bundle: libmime, for RFC 2047 encoded-words — decoding header values that hold them, encoding
// non-ASCII warning text. Loaded only for such a message: libmime builds an iconv GBK table at load (~25 ms).
import libmime = require('libmime'); // the CommonJS build, the one mailsplit requires: one copy in node_modules

export const decodeWords = (text: string): string => libmime.decodeWords(text);

/** Non-ASCII text as RFC 2047 Q-encoded words, each within 75 characters. */
export const encodeWords = (text: string): string => libmime.encodeWords(text, 'Q', 52);
