// fontkit (the font reader pdfkit uses) ships no types; the tests read a font's character set with it.
declare module 'fontkit' {
  export function create(data: Uint8Array): unknown
}
