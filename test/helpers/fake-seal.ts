import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { SealProvider, SealRequest } from '../../src/server/modules/documents/seal';

/**
 * An electronic seal service, faked: it draws a red ring where the layout left room and writes
 * "TEST SEAL" and the document id in it (ASCII only, in a standard font), as a real service would stamp
 * its seal image there and sign the file.
 */
export function fakeSeal(): SealProvider & { requests: SealRequest[] } {
  const requests: SealRequest[] = [];
  return {
    name: '测试电子印章',
    requests,
    async stamp(pdf, req) {
      requests.push(req);
      const doc = await PDFDocument.load(pdf);
      const page = doc.getPage(req.placement.page - 1);
      const { height } = page.getSize();
      const r = req.placement.size / 2;
      const cx = req.placement.x + r;
      const cy = height - (req.placement.y + r);
      const red = rgb(0.8, 0.1, 0.1);
      page.drawCircle({
        x: cx,
        y: cy,
        size: r,
        borderColor: red,
        borderWidth: 3,
        opacity: 0,
        borderOpacity: 0.8,
      });
      const font = await doc.embedFont(StandardFonts.Helvetica);
      page.drawText('TEST SEAL', { x: cx - 28, y: cy, size: 10, font, color: red });
      page.drawText(req.documentId.slice(0, 8), { x: cx - 22, y: cy - 14, size: 8, font, color: red });
      return Buffer.from(await doc.save());
    },
  };
}
