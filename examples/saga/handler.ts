/**
 * Saga: book a trip as three durable steps (flight, hotel, payment). When a step fails for good,
 * the compensations of the steps that succeeded run in reverse order, each as its own durable
 * step, so a crash halfway through a rollback resumes it instead of repeating or skipping one.
 */
import { createRetryStrategy, withDurableExecution, type DurableContext } from 'durable-lambda';

export interface TripRequest {
  tripId: string;
  flight: string;
  hotel: string;
  /** Card token; `tok_declined` is declined by the demo payment service. */
  card: string;
  amountCents: number;
}

export type TripResult =
  | { status: 'booked'; flightBooking: string; hotelBooking: string; paymentId: string }
  | { status: 'rolled-back'; failedStep: string; reason: string; compensated: string[] };

/** The systems the saga talks to (in-memory here; real APIs in production). */
export interface TravelServices {
  reserveFlight(request: TripRequest): Promise<string>;
  cancelFlight(booking: string): Promise<void>;
  reserveHotel(request: TripRequest): Promise<string>;
  cancelHotel(booking: string): Promise<void>;
  charge(request: TripRequest): Promise<string>;
}

/** Demo services: hotel `sold-out` is unavailable, card `tok_declined` is declined. `calls` records every call. */
export function createDemoTravelServices(): TravelServices & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    reserveFlight: async (r) => (calls.push(`reserveFlight ${r.flight}`), `FL-${r.tripId}`),
    cancelFlight: async (booking) => void calls.push(`cancelFlight ${booking}`),
    reserveHotel: async (r) => {
      calls.push(`reserveHotel ${r.hotel}`);
      if (r.hotel === 'sold-out') throw new Error(`Hotel ${r.hotel} has no rooms left`);
      return `HT-${r.tripId}`;
    },
    cancelHotel: async (booking) => void calls.push(`cancelHotel ${booking}`),
    charge: async (r) => {
      calls.push(`charge ${r.card} ${r.amountCents}`);
      if (r.card === 'tok_declined') throw new Error('Card declined');
      return `PAY-${r.tripId}`;
    },
  };
}

// Forward steps retry briefly; a compensation must eventually succeed, so it retries longer.
const forward = { retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 2 } }) };
const compensation = { retryStrategy: createRetryStrategy({ maxAttempts: 10, initialDelay: { seconds: 5 } }) };

/**
 * Builds the saga handler over `services`.
 *
 * @example
 * export const handler = createTripSaga(createDemoTravelServices());
 */
export function createTripSaga(services: TravelServices) {
  return withDurableExecution(async (trip: TripRequest, context: DurableContext): Promise<TripResult> => {
    const compensations: { name: string; undo: () => Promise<void> }[] = [];
    let current = 'reserve-flight';
    try {
      const flightBooking = await context.step(current, () => services.reserveFlight(trip), forward);
      compensations.push({ name: 'cancel-flight', undo: () => services.cancelFlight(flightBooking) });
      current = 'reserve-hotel';
      const hotelBooking = await context.step(current, () => services.reserveHotel(trip), forward);
      compensations.push({ name: 'cancel-hotel', undo: () => services.cancelHotel(hotelBooking) });
      current = 'charge-payment';
      const paymentId = await context.step(current, () => services.charge(trip), forward);
      return { status: 'booked', flightBooking, hotelBooking, paymentId };
    } catch (error) {
      const compensated: string[] = [];
      for (const { name, undo } of compensations.reverse()) {
        await context.step(name, undo, compensation);
        compensated.push(name);
      }
      return { status: 'rolled-back', failedStep: current, reason: (error as Error).message, compensated };
    }
  });
}

export const handler = createTripSaga(createDemoTravelServices());
