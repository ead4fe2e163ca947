export type { AuthScheme } from './auth.ts';
export {
  type DelayFault,
  type Fault,
  type FaultAction,
  type FaultScope,
  type FaultTarget,
  faults,
  type HangFault,
  type ResetFault,
  type ResponseFault,
} from './faults.ts';
export { type GenerateOrdersOptions, generateOrders } from './generator.ts';
export type { Ordering } from './listing.ts';
export type { SimulatorOptions } from './options.ts';
export {
  type ApiOrder,
  type Country,
  DOCUMENTATION_EXAMPLE_ORDERS,
  type OrderInput,
  type UtmMarks,
} from './order.ts';
export type {
  OrdersRequestHook,
  OrdersRequestInfo,
} from './orders-endpoint.ts';
export type { RequestRecord } from './server.ts';
export { type Simulator, startSimulator } from './simulator.ts';
