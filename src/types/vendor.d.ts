// The few entry points qqtag uses of libraries that ship no type declarations.
declare module 'mailsplit' {
  export class Headers {
    constructor(headers: Buffer | string, config?: object);
    getList(): { key: string; line: string }[];
  }
}
declare module 'dnsbl-lookup' {
  export function reverseIP(address: string): string;
}
declare module 'marked-man' {
  // A marked extension (options, renderer and tokenizer overrides) that makes marked write roff (man(7)).
  const extension: object;
  export default extension;
}
