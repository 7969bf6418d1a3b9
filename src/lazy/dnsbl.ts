// The lazy dnsbl-lookup bundle: its reverseIP builds RFC 5782 query names. The package parses its bundled list
// catalogues (and loads `async`) at require time, 32 KB that a config without IP lists should not compile.
export { reverseIP } from 'dnsbl-lookup';
