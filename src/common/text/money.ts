/**
 * A price as customers read it and the grounding guard parses it: `$45.00`, but `Bs. 45.00` (a word-like symbol
 * needs a space to stay readable). Dot decimals, always two.
 */
export function formatMoney(value: number, symbol: string): string {
  return `${symbol}${symbol.length > 1 ? ' ' : ''}${value.toFixed(2)}`;
}
