// fontkit ships no type declarations; this is the part used to ask a font which characters it has.
declare module 'fontkit' {
  export function create(bytes: Buffer): unknown;
}
