// pdfmake 0.3 ships no type declarations; this is the part of its server API we use.
declare module 'pdfmake' {
  type FontFiles = { normal: string; bold: string; italics: string; bolditalics: string };
  const pdfmake: {
    virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
    addFonts(fonts: Record<string, FontFiles>): void;
    setUrlAccessPolicy(cb: (url: string) => boolean): void;
    setLocalAccessPolicy(cb: (path: string) => boolean): void;
    createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
  };
  export default pdfmake;
}
