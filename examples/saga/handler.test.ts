import { describe, expect, it } from 'vitest';
import { assertCrashSafe, assertReplayDeterministic, DurableTestRunner } from 'durable-lambda/testing';
import { createDemoTravelServices, createTripSaga, type TripRequest, type TripResult } from './handler.js';

const trip = (overrides: Partial<TripRequest> = {}): TripRequest => ({
  tripId: 't-1',
  flight: 'LH-400',
  hotel: 'harbour-view',
  card: 'tok_visa',
  amountCents: 120_000,
  ...overrides,
});

const eventsOf = (history: { EventType: string; Name?: string }[]) =>
  history.filter((e) => e.EventType.startsWith('Step')).map((e) => `${e.EventType} ${e.Name}`);

describe('saga example', () => {
  it('books flight, hotel and payment when every step succeeds', async () => {
    const services = createDemoTravelServices();
    const handler = createTripSaga(services);
    const execution = new DurableTestRunner({ handler }).start<TripResult>(trip());
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({ status: 'booked', flightBooking: 'FL-t-1', hotelBooking: 'HT-t-1', paymentId: 'PAY-t-1' });
    expect(eventsOf(history)).toEqual([
      'StepStarted reserve-flight', 'StepSucceeded reserve-flight',
      'StepStarted reserve-hotel', 'StepSucceeded reserve-hotel',
      'StepStarted charge-payment', 'StepSucceeded charge-payment',
    ]);
    expect(services.calls).toEqual(['reserveFlight LH-400', 'reserveHotel harbour-view', 'charge tok_visa 120000']);
    // Usage hand count: start 1 + three steps = 4.
    expect((await execution.result()).usage.operations).toBe(4);
    const crash = await assertCrashSafe(execution);
    expect(crash).toMatchObject({ runs: crash.boundaries * 3, divergences: [] });
    console.log(`assertCrashSafe saga: ${crash.boundaries} boundaries, ${crash.runs} runs, ${crash.reruns} allowed re-runs, ${crash.durationMs} ms`);
  });

  it('a declined payment (after its retry) cancels the hotel, then the flight, each as a durable step', async () => {
    const services = createDemoTravelServices();
    const handler = createTripSaga(services);
    const execution = new DurableTestRunner({ handler }).start<TripResult>(trip({ card: 'tok_declined' }));
    const { status, result, history } = await execution.result();

    expect(status).toBe('SUCCEEDED');
    expect(result).toEqual({
      status: 'rolled-back',
      failedStep: 'charge-payment',
      reason: 'Card declined',
      compensated: ['cancel-hotel', 'cancel-flight'],
    });
    expect(eventsOf(history)).toEqual([
      'StepStarted reserve-flight', 'StepSucceeded reserve-flight',
      'StepStarted reserve-hotel', 'StepSucceeded reserve-hotel',
      'StepStarted charge-payment', 'StepFailed charge-payment', // first attempt, retried
      'StepStarted charge-payment', 'StepFailed charge-payment', // second attempt, final
      'StepStarted cancel-hotel', 'StepSucceeded cancel-hotel',
      'StepStarted cancel-flight', 'StepSucceeded cancel-flight',
    ]);
    expect(services.calls).toEqual([
      'reserveFlight LH-400',
      'reserveHotel harbour-view',
      'charge tok_declined 120000',
      'charge tok_declined 120000',
      'cancelHotel HT-t-1',
      'cancelFlight FL-t-1',
    ]);

    // The retry delay suspended the function: later invocations replayed the finished steps
    // without calling the services again.
    expect(history.filter((e) => e.EventType === 'InvocationCompleted').length).toBeGreaterThan(1);
    const replay = await assertReplayDeterministic(execution);
    expect(replay).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify(result), newUpdates: [] });
    expect(services.calls).toHaveLength(6);
  });

  it('a sold-out hotel compensates only the flight', async () => {
    const services = createDemoTravelServices();
    const { result } = await new DurableTestRunner({ handler: createTripSaga(services) }).run<TripResult>(trip({ hotel: 'sold-out' }));
    expect(result).toEqual({
      status: 'rolled-back',
      failedStep: 'reserve-hotel',
      reason: 'Hotel sold-out has no rooms left',
      compensated: ['cancel-flight'],
    });
    expect(services.calls.filter((c) => c.startsWith('charge'))).toEqual([]);
  });
});
