import type { SealPlacement } from './layout';

export type SealRequest = {
  documentId: string;
  number: string;
  title: string;
  departmentId: string;
  departmentName: string;
  /** Where the layout left room for the seal: over the issuing authority's signature and the date. */
  placement: SealPlacement;
};

/**
 * 电子印章: an outside seal service that stamps a finished PDF with the issuing department's seal (and
 * signs it). Optional: without one, documents leave the seal area blank for a physical stamp.
 */
export type SealProvider = {
  name: string;
  stamp(pdf: Buffer, request: SealRequest): Promise<Buffer>;
};
