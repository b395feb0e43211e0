// Revenue as every console page and the CLI print it: always two decimals
// (8,911,407.90, never 8,911,407.9 or 8,911,408), so figures line up and compare
// across pages. No currency symbol: the data holds amounts, not a currency.
// Browser-safe (no Node APIs): the console and `kairos rfm` share it.
export const moneyFormat = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatMoney = (amount: number): string => moneyFormat.format(amount);
