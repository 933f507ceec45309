/** The price options of `run` and `history`, for the usage line's cost estimate. */
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_PRICES, type UsagePrices } from '../service/metering.js';
import { CliUsageError } from './command.js';

/** parseArgs entries of the price options. */
export const PRICE_OPTIONS = {
  'price-per-million-operations': { type: 'string' },
  'price-per-gb-written': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Help lines of the price options. */
export const PRICE_HELP = `  --price-per-million-operations <usd>  price for the cost estimate (default: ${DEFAULT_PRICES.perMillionOperations})
  --price-per-gb-written <usd>          price for the cost estimate (default: ${DEFAULT_PRICES.perGbWritten})`;

const price = (command: string, name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !(n >= 0) || !Number.isFinite(n)) {
    throw new CliUsageError(`${command}: --${name} must be a non-negative number of USD, got ${JSON.stringify(value)}`);
  }
  return n;
};

/** The prices the user set, else the defaults. */
export const pricesOption = (command: string, values: Record<string, unknown>): UsagePrices => ({
  perMillionOperations: price(command, 'price-per-million-operations', values['price-per-million-operations'], DEFAULT_PRICES.perMillionOperations),
  perGbWritten: price(command, 'price-per-gb-written', values['price-per-gb-written'], DEFAULT_PRICES.perGbWritten),
});
