// Free names the README's snippets use, declared once so each snippet type-checks on its own.
// Keep them typed (no `any`): a snippet that misuses them must fail.
import type { DurableContext, DurableExecutionHandler, DurableLambdaHandler } from 'durable-lambda';
import type { DurableTestResult } from 'durable-lambda/testing';

declare global {
  interface Order { id: string; createdAt: Date }
  const context: DurableContext;
  const id: string;
  const managerId: string;
  const result: DurableTestResult;
  const customerId: string;
  const month: string;
  const orders: Order[];
  const handler: DurableLambdaHandler;
  const myHandler: DurableExecutionHandler<{ orderId: string }, string>;
  function loadOrder(orderId: string): Promise<Order>;
  function sendApprovalRequest(order: Order, callbackId: string): Promise<void>;
  function ship(order: Order, answer: string): Promise<string>;
  function pay(order: Order): Promise<{ receiptId: string }>;
  function loadProfile(id: string): Promise<{ name: string }>;
  function loadOrders(id: string): Promise<Order[]>;
  function notify(callbackId: string): Promise<void>;
  function getUser(id: string): Promise<{ name: string }>;
  function getPosts(id: string): Promise<string[]>;
  function ask(callbackId: string): Promise<void>;
  function fetchProfile(id: string): Promise<{ name: string; email: string }>;
  function buildReport(month: string): Promise<{ rows: string[] }>;
}
export {};
