// Stands in for libmime inside the header-splitting bundle (esbuild --alias). mailsplit's headers.js requires
// libmime at load and constructs a Libmime in its constructor, but uses it only to decode (getFirst,
// getDecoded) and to fold (add), which qqtag never calls: it reads getList(). Real libmime builds a GBK table at
// load, ~25 ms; it is loaded (lazy `mime` bundle) only for a value that holds an encoded-word.
export class Libmime {}
