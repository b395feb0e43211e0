// "Share of customers" means one thing on every console page: a part of
// everyone with at least one event in the loaded dataset (the Data page's
// "customers"), not only those who bought. The Segments count and the RFM
// table then agree: RFM segment "champions" is the same share on both pages.
const numberFormat = new Intl.NumberFormat('en');

/** "12.3%" of the base; a dash when the base is empty. */
export const shareOfCustomers = (customers: number, base: number): string =>
  base > 0 ? `${((customers / base) * 100).toFixed(1)}%` : '—';

/** The base, said where a share is shown. */
export const customerBaseText = (base: number): string =>
  `of all ${numberFormat.format(base)} customers (everyone with at least one event in the loaded data)`;
